import { boundaryOf, MultipartError, parseBatch, serializeBatchResponse } from './multipart-codec';

const CT = 'multipart/mixed; boundary=batch_AAA';

const body = [
  '--batch_AAA',
  'Content-Type: multipart/mixed; boundary=changeset_BBB',
  '',
  '--changeset_BBB',
  'Content-Type: application/http',
  'Content-Transfer-Encoding: binary',
  'Content-ID: 1',
  '',
  'POST https://org.example/api/data/v9.2/accounts HTTP/1.1',
  'Content-Type: application/json; type=entry',
  '',
  '{"name":"A"}',
  '--changeset_BBB',
  'Content-Type: application/http',
  'Content-Transfer-Encoding: binary',
  'Content-ID: 2',
  '',
  'PATCH $1 HTTP/1.1',
  'Content-Type: application/json',
  'If-Match: *',
  '',
  '{"name":"B"}',
  '--changeset_BBB--',
  '',
  '--batch_AAA',
  'Content-Type: application/http',
  'Content-Transfer-Encoding: binary',
  '',
  'GET accounts?$select=name HTTP/1.1',
  'Accept: application/json',
  '',
  '--batch_AAA--',
  '',
].join('\r\n');

const parseError = (text: string, contentType = CT): MultipartError => {
  try {
    parseBatch(text, contentType);
  } catch (error) {
    if (MultipartError.is(error)) return error;
    throw error;
  }
  throw new Error('parsed');
};

describe('multipart codec', () => {
  it('reads the boundary of a multipart/mixed content type, quoted or not', () => {
    expect(boundaryOf('multipart/mixed; boundary=batch_1')).toBe('batch_1');
    expect(boundaryOf('multipart/mixed;boundary="batch 2"')).toBe('batch 2');
    expect(boundaryOf('application/json')).toBeUndefined();
  });

  it('parses change sets and top-level requests with their headers, bodies and Content-IDs', () => {
    const items = parseBatch(body, CT);
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({
      kind: 'changeSet',
      requests: [
        {
          method: 'POST',
          url: 'https://org.example/api/data/v9.2/accounts',
          headers: { 'content-type': 'application/json; type=entry' },
          body: '{"name":"A"}',
          contentId: '1',
          position: 1,
        },
        { method: 'PATCH', url: '$1', headers: { 'content-type': 'application/json', 'if-match': '*' }, body: '{"name":"B"}', contentId: '2', position: 2 },
      ],
    });
    expect(items[1]).toEqual({
      kind: 'request',
      request: { method: 'GET', url: 'accounts?$select=name', headers: { accept: 'application/json' }, body: '', position: 3 },
    });
  });

  it('accepts bare LF line ends', () => {
    expect(parseBatch(body.replace(/\r\n/g, '\n'), CT)).toEqual(parseBatch(body, CT));
  });

  it('names the malformed part', () => {
    expect(parseError(body.replace('PATCH $1 HTTP/1.1', 'PATCH')).message).toBe("Batch part 2: the request line 'PATCH' is not 'METHOD URL HTTP/1.1'");
    expect(
      parseError(body.replace('Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET', 'Content-Type: text/plain\r\n\r\nGET')).message,
    ).toBe("Batch part 3: Content-Type must be application/http, not 'text/plain'");
    expect(parseError(body.replace('--changeset_BBB--', '')).message).toContain(
      "Batch part 1: the body does not end with the closing delimiter '--changeset_BBB--'",
    );
    expect(parseError(body.replace('--batch_AAA--', '')).message).toContain("closing delimiter '--batch_AAA--'");
    expect(parseError(body, 'application/json').message).toContain('multipart/mixed');
    expect(parseError(body.replace('POST https', 'GET https')).message).toBe('Batch part 1: a change set may not contain GET requests');
  });

  it('writes the batchresponse / changesetresponse layout', () => {
    const text = serializeBatchResponse(
      [
        { kind: 'changeSet', responses: [{ status: 204, headers: { 'OData-EntityId': 'https://x/api/data/v9.2/accounts(1)' }, contentId: '1' }] },
        { kind: 'response', response: { status: 200, headers: { 'OData-Version': '4.0' }, body: '{"value":[]}' } },
      ],
      'batchresponse_X',
      () => 'changesetresponse_Y',
    );
    expect(text).toBe(
      [
        '--batchresponse_X',
        'Content-Type: multipart/mixed; boundary=changesetresponse_Y',
        '',
        '--changesetresponse_Y',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        'Content-ID: 1',
        '',
        'HTTP/1.1 204 No Content',
        'OData-EntityId: https://x/api/data/v9.2/accounts(1)',
        '',
        '',
        '--changesetresponse_Y--',
        '--batchresponse_X',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        'HTTP/1.1 200 OK',
        'OData-Version: 4.0',
        'Content-Type: application/json; odata.metadata=minimal',
        '',
        '{"value":[]}',
        '--batchresponse_X--',
        '',
      ].join('\r\n'),
    );
  });

  it('frames a lone response between the opening and the closing delimiter only', () => {
    const text = serializeBatchResponse([{ kind: 'response', response: { status: 200, headers: {}, body: '{}' } }], 'b', () => 'c');
    expect(text.split('\r\n').filter((line) => line.startsWith('--'))).toEqual(['--b', '--b--']);
  });
});
