import { parseBatchAnswer } from './parse-batch-answer';
import { writeBatchBody } from './write-batch-body';

const api = 'https://org.crm.dynamics.com/api/data/v9.2/';
const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

// The layout of Microsoft's "Execute batch operations using the Web API" samples.
const answer = crlf(`--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f
Content-Type: multipart/mixed; boundary=changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc

--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 1

HTTP/1.1 204 No Content
OData-Version: 4.0
Location: ${api}accounts(a59c24f3-fafc-ea11-b818-000d3a9e2b2f)
OData-EntityId: ${api}accounts(a59c24f3-fafc-ea11-b818-000d3a9e2b2f)


--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc
Content-Type: application/http
Content-Transfer-Encoding: binary
Content-ID: 2

HTTP/1.1 201 Created
Content-Type: application/json; odata.metadata=minimal
ETag: W/"12345"
OData-Version: 4.0

{"@odata.etag":"W/\\"12345\\"","contactid":"b59c24f3-fafc-ea11-b818-000d3a9e2b2f"}
--changesetresponse_ff83b4f1-ab48-430c-b81c-926a2c596abc--
--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f
Content-Type: application/http
Content-Transfer-Encoding: binary

HTTP/1.1 412 Precondition Failed
Content-Type: application/json; odata.metadata=minimal
OData-Version: 4.0

{"error":{"code":"0x80060882","message":"The version of the existing record doesn't match the RowVersion property provided."}}
--batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f--
`);

describe('the $batch format', () => {
  it('writes requests and change sets as nested multipart/mixed parts with Content-IDs', () => {
    const { contentType, body } = writeBatchBody(
      [
        {
          kind: 'changeSet',
          requests: [
            { method: 'POST', url: 'accounts', body: { accountid: 'a1', name: 'Parent' }, contentId: '1' },
            { method: 'POST', url: 'contacts', body: { lastname: 'Child', 'parentcustomerid_account@odata.bind': '$1' }, contentId: '2' },
          ],
        },
        { kind: 'request', request: { method: 'PATCH', url: 'accounts(a2)', headers: { 'If-Match': 'W/"7"' }, body: { name: 'x' }, contentId: '3' } },
      ],
      api,
      'batch_test',
    );
    expect(contentType).toBe('multipart/mixed; boundary=batch_test');
    expect(body.startsWith('--batch_test\r\nContent-Type: multipart/mixed; boundary=changeset_')).toBe(true);
    expect(body).toContain(`\r\nPOST ${api}accounts HTTP/1.1\r\nContent-Type: application/json; type=entry\r\n\r\n{"accountid":"a1","name":"Parent"}`);
    expect(body).toContain('"parentcustomerid_account@odata.bind":"$1"');
    expect(body).toContain(`Content-ID: 3\r\n\r\nPATCH ${api}accounts(a2) HTTP/1.1\r\nIf-Match: W/"7"\r\n`);
    expect(body.endsWith('--batch_test--\r\n')).toBe(true);
    expect(body.split('\n').every((line, index, all) => index === all.length - 1 || line.endsWith('\r'))).toBe(true);
  });

  it('reads a change set answer and a top-level answer with their statuses, headers, Content-IDs and bodies', () => {
    const items = parseBatchAnswer('multipart/mixed; boundary=batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f', answer);
    expect(items).toHaveLength(2);
    expect(items[0].kind).toBe('changeSet');
    if (items[0].kind !== 'changeSet' || items[1].kind !== 'response') throw new Error('unexpected shape');
    expect(items[0].responses.map((r) => [r.status, r.contentId])).toEqual([
      [204, '1'],
      [201, '2'],
    ]);
    expect(items[0].responses[0].headers['odata-entityid']).toBe(`${api}accounts(a59c24f3-fafc-ea11-b818-000d3a9e2b2f)`);
    expect(JSON.parse(items[0].responses[1].body)).toEqual({ '@odata.etag': 'W/"12345"', contactid: 'b59c24f3-fafc-ea11-b818-000d3a9e2b2f' });
    expect(items[1].response.status).toBe(412);
    expect(JSON.parse(items[1].response.body).error.code).toBe('0x80060882');
  });

  it('reads an answer written with bare LF line ends and a quoted boundary', () => {
    const items = parseBatchAnswer('multipart/mixed; boundary="batchresponse_c1bd45c1-dd81-470d-b897-e965846aad2f"', answer.replace(/\r\n/g, '\n'));
    expect(items).toHaveLength(2);
  });

  it.each([
    ['no boundary in the Content-Type', 'application/json', answer, /names no multipart boundary/],
    ['no closing delimiter', 'multipart/mixed; boundary=b', '--b\r\nContent-Type: application/http\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}\r\n', /closing delimiter/],
    [
      'a part without a status line',
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: application/http\r\n\r\nnot http\r\n--b--\r\n',
      /\$batch part 1: the part has no HTTP status line/,
    ],
    [
      'a part that is not application/http',
      'multipart/mixed; boundary=b',
      '--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b--\r\n',
      /\$batch part 1: Content-Type is 'text\/plain'/,
    ],
  ])('refuses %s with a CONTRACT_VIOLATION naming the part', (_what, type, text, message) => {
    expect(() => parseBatchAnswer(type, text)).toThrow(message);
    expect(() => parseBatchAnswer(type, text)).toThrow(expect.objectContaining({ code: 'CONTRACT_VIOLATION' }));
  });
});
