import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flatten } from '../../../common/validation/validation.pipe';
import { PlatformOptionsDto } from './platform-options.dto';

async function problems(options: object): Promise<string[]> {
  const errors = await validate(plainToInstance(PlatformOptionsDto, options), {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  return flatten(errors, 'options').map((p) => `${p.field}: ${p.code}`);
}

describe('PlatformOptionsDto', () => {
  it('accepts a YouTube title of 100 characters, not 101, and no < or >', async () => {
    expect(await problems({ youtube: { title: 'T'.repeat(100) } })).toEqual([]);
    expect(await problems({ youtube: { title: 'T'.repeat(101) } })).toEqual([
      'options.youtube.title: too_big',
    ]);
    expect(await problems({ youtube: { title: 'a <b>' } })).toEqual([
      'options.youtube.title: invalid_string',
    ]);
  });

  it('checks each platform block by its own rules', async () => {
    expect(
      await problems({
        tiktok: { privacyLevel: 'SELF_ONLY', disableDuet: true, photoTitle: 'p'.repeat(90) },
        youtube: { privacy: 'unlisted', madeForKids: true, tags: ['a'] },
        linkedin: { visibility: 'CONNECTIONS', organizationId: '5515715' },
        snapchat: { surface: 'saved_story', title: 't'.repeat(45), locale: 'en_US' },
      }),
    ).toEqual([]);
    expect(
      await problems({
        tiktok: { privacyLevel: 'PUBLIC', photoTitle: 'p'.repeat(91) },
        linkedin: { organizationId: 'acme' },
        snapchat: { title: 't'.repeat(46), locale: 'english' },
      }),
    ).toEqual([
      'options.tiktok.privacyLevel: invalid_enum_value',
      'options.tiktok.photoTitle: too_big',
      'options.linkedin.organizationId: invalid_string',
      'options.snapchat.title: too_big',
      'options.snapchat.locale: invalid_string',
    ]);
  });
});
