import type { Plugin } from 'graphql-yoga';

/**
 * The media types a POST body to the API may have: JSON only, so that every cross-site POST needs a
 * CORS preflight. (`application/graphql-response+json` is a response type: clients ask for it in
 * `Accept`, which stays free.)
 */
export const ACCEPTED_POST_MEDIA_TYPES: readonly string[] = ['application/json'];

/**
 * Answers 415 (code `UNSUPPORTED_MEDIA_TYPE`) to a POST whose Content-Type is not JSON. Forms
 * (`application/x-www-form-urlencoded`, `multipart/form-data`) and `text/plain` are what a browser
 * sends cross-site without a preflight, so accepting them would let any web page run operations
 * (sign-in included) with the victim's network position. GET stays for queries (yoga refuses
 * mutations over GET).
 */
export function jsonOnlyPostPlugin(): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const contentType = request.headers.get('content-type') ?? '';
      const mediaType = contentType.split(';', 1)[0].trim().toLowerCase();
      if (ACCEPTED_POST_MEDIA_TYPES.includes(mediaType)) return;
      const message = `a POST to the API must have Content-Type ${ACCEPTED_POST_MEDIA_TYPES.join(' or ')}, got ${contentType === '' ? 'none' : `'${contentType.slice(0, 100)}'`}`;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNSUPPORTED_MEDIA_TYPE' } }] }), {
          status: 415,
          headers: { 'content-type': 'application/json', accept: ACCEPTED_POST_MEDIA_TYPES.join(', ') },
        }),
      );
    },
  };
}
