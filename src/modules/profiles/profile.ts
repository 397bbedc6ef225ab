/** A profile as stored. */
export interface Profile {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}
