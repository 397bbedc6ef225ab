import { driveConfirmationUrl, driveDownloadUrl } from './drive-link';

const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz_-123';

describe('driveDownloadUrl', () => {
  it.each([
    `https://drive.google.com/file/d/${ID}/view?usp=sharing`,
    `https://drive.google.com/file/d/${ID}/view`,
    `https://drive.google.com/file/d/${ID}`,
    `https://drive.google.com/open?id=${ID}`,
    `https://drive.google.com/uc?id=${ID}&export=download`,
    `https://docs.google.com/uc?id=${ID}`,
  ])('should turn %s into a direct download', (link) => {
    const direct = driveDownloadUrl(new URL(link));
    expect(direct?.origin).toBe(new URL(link).origin);
    expect(direct?.pathname).toBe('/uc');
    expect(direct?.searchParams.get('id')).toBe(ID);
    expect(direct?.searchParams.get('export')).toBe('download');
  });

  it('should keep the resource key of older shared links', () => {
    const direct = driveDownloadUrl(
      new URL(`https://drive.google.com/file/d/${ID}/view?resourcekey=0-abc`),
    );
    expect(direct?.searchParams.get('resourcekey')).toBe('0-abc');
  });

  it.each([
    'https://example.com/file/d/abcdefghijkl/view',
    'https://drive.google.com/drive/folders/abcdefghijkl',
    'https://drive.google.com/open?id=',
    'https://drive.google.com/file/d/<script>/view',
  ])('should leave %s alone', (link) => {
    expect(driveDownloadUrl(new URL(link))).toBeUndefined();
  });
});

describe('driveConfirmationUrl', () => {
  const page = new URL(`https://drive.google.com/uc?export=download&id=${ID}`);

  it('should follow the virus-scan warning form with its hidden fields', () => {
    const html = `<html><body><p>Google Drive can't scan this file for viruses.</p>
      <form id="download-form" action="https://drive.usercontent.google.com/download" method="get">
        <input type="submit" id="uc-download-link" value="Download anyway"/>
        <input type="hidden" name="id" value="${ID}">
        <input type="hidden" name="export" value="download">
        <input type="hidden" name="confirm" value="t">
        <input type="hidden" name="uuid" value="d2b7&amp;x">
      </form></body></html>`;
    const url = driveConfirmationUrl(html, page)!;
    expect(url.origin).toBe('https://drive.usercontent.google.com');
    expect(url.pathname).toBe('/download');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id: ID,
      export: 'download',
      confirm: 't',
      uuid: 'd2b7&x',
    });
  });

  it('should follow the older confirm link', () => {
    const html = `<a id="uc-download-link" href="/uc?export=download&amp;confirm=AbCd&amp;id=${ID}">Download anyway</a>`;
    const url = driveConfirmationUrl(html, page)!;
    expect(url.href).toBe(`https://drive.google.com/uc?export=download&confirm=AbCd&id=${ID}`);
  });

  it('should find nothing on a sign-in or error page', () => {
    expect(driveConfirmationUrl('<html><title>Sign in</title></html>', page)).toBeUndefined();
  });
});
