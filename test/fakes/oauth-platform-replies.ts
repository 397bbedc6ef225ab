/** The platforms' documented answers the OAuth fake gives, each beside the page it encodes. */

export type Reply = { status: number; body?: unknown; location?: string };

export const UNAUTHORIZED: Reply = {
  status: 401,
  body: { title: 'Unauthorized', status: 401, detail: 'Unauthorized' },
};
/** Graph and Threads APIs: a bad token is code 190 (https://developers.facebook.com/docs/graph-api/guides/error-handling, "Error Codes"). */
export const META_INVALID_TOKEN: Reply = {
  status: 400,
  body: {
    error: {
      message: 'Invalid OAuth access token - Cannot parse access token',
      type: 'OAuthException',
      code: 190,
    },
  },
};

/**
 * `/rest/organizationAcls` needs rw_organization_admin or r_organization_admin
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role,
 * "Permissions"); LinkedIn answers a missing permission with 403 ACCESS_DENIED
 * (https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling, "403").
 */
export const ORGANIZATION_ADMIN_SCOPES = ['rw_organization_admin', 'r_organization_admin'];
export const LINKEDIN_ACCESS_DENIED: Reply = {
  status: 403,
  body: {
    status: 403,
    serviceErrorCode: 100,
    code: 'ACCESS_DENIED',
    message: 'Not enough permissions to access: organizationAcls.FINDER-roleAssignee',
  },
};

/**
 * `username` needs user.info.profile (https://developers.tiktok.com/doc/tiktok-api-v2-get-user-info,
 * "User Object"); a field outside the grant is 401 scope_permission_missed
 * (https://developers.tiktok.com/doc/tiktok-api-v2-error-handling, "All Error Codes").
 */
export function tiktokUserInfo(url: URL, grantedScope: string): Reply {
  const fields = (url.searchParams.get('fields') ?? '').split(',');
  if (fields.includes('username') && !grantedScope.split(',').includes('user.info.profile')) {
    return {
      status: 401,
      body: {
        error: {
          code: 'scope_permission_missed',
          message: 'Access token is invalid, some fields need additional scopes.',
          log_id: 'fake-log-1',
        },
      },
    };
  }
  const user = { open_id: 'tt-open-1', display_name: 'TT Creator', username: 'ttcreator' };
  return {
    status: 200,
    body: {
      data: {
        user: Object.fromEntries(fields.map((field) => [field, user[field as keyof typeof user]])),
      },
      error: { code: 'ok' },
    },
  };
}
