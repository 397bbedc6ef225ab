import { likelyLyrics } from './likely-lyrics';

const SONG = `I drove all night down the coast road
Chasing the lights of a town I used to know
Hold on, hold on to me
Don't let the morning set us free
The radio hums a song we wrote
Your name still caught inside my throat
Hold on, hold on to me
Don't let the morning set us free`;

const SONG_ONE_LINE =
  "We are the fire in the rain, we are the fire in the rain. Don't you look away, don't you look away. " +
  "Burning brighter every day. We are the fire in the rain, we are the fire in the rain. Don't you look away.";

const PODCAST =
  "Welcome back to the show. Today we're talking about how small teams ship software without " +
  'burning out. My guest has run engineering at three startups, and she has strong opinions on ' +
  'on-call rotations. So, let us start with the basics: what does a healthy week look like for you? ' +
  'Honestly, it starts on Monday with a planning meeting that never runs longer than thirty minutes.';

const LECTURE = `Good morning, everyone.
Last week we covered supply and demand curves.
Today we look at what happens when a government sets a price ceiling.
Take rent control as the classic example.
If the ceiling sits below the equilibrium price, demand exceeds supply.
Does everyone see why that creates a shortage?`;

describe('likelyLyrics', () => {
  it('recognises lyrics by their repeated chorus', () => {
    expect(likelyLyrics(SONG)).toBe(true);
  });

  it('recognises sung text transcribed as one paragraph', () => {
    expect(likelyLyrics(SONG_ONE_LINE)).toBe(true);
  });

  it('recognises music markers', () => {
    expect(likelyLyrics('♪ Sweet morning light ♪')).toBe(true);
    expect(likelyLyrics('[Music] and now, the news.')).toBe(true);
    expect(likelyLyrics('[Chorus]\nOne more time')).toBe(true);
  });

  it('recognises vocables over a repeated hook', () => {
    const text =
      'La la la, la la la. Sing it with me. Sing it with me. Under the summer sky. All night long.';
    expect(likelyLyrics(text)).toBe(true);
  });

  it('leaves speech alone', () => {
    expect(likelyLyrics(PODCAST)).toBe(false);
    expect(likelyLyrics(LECTURE)).toBe(false);
  });

  it('does not call a short or empty transcript lyrics', () => {
    expect(likelyLyrics('')).toBe(false);
    expect(likelyLyrics('Hello. Hello. Hello.')).toBe(false);
  });

  it('is not fooled by a speaker who repeats one phrase', () => {
    const text =
      'Thank you. Our first speaker today needs no introduction. She founded the lab in 2009 and ' +
      'has led it since. Please welcome her to the stage. Thank you.';
    expect(likelyLyrics(text)).toBe(false);
  });
});
