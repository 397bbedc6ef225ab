export default async function globalTeardown(): Promise<void> {
  await globalThis.__SOKU_TEST_PG__?.stop();
}
