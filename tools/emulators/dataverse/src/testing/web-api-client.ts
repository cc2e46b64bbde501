import { Agent, request } from 'undici';

/** One answer of the Web API, its body parsed when it is JSON. */
export interface WebApiAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  /** The parsed JSON body (undefined when the body is empty or not JSON). */
  readonly json: Record<string, unknown>;
}

/** What one call sends. */
export interface WebApiCall {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly token?: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON, text as is. */
  readonly body?: unknown;
}

/**
 * A bare Web API client over undici trusting the emulator's certificate: what the integration specs
 * talk to the emulator with (absolute URLs, or paths relative to the API root). For tests only.
 */
export class WebApiClient {
  readonly agent: Agent;

  constructor(
    private readonly apiUrl: string,
    ca: string,
  ) {
    this.agent = new Agent({ connect: { ca } });
  }

  async call(pathOrUrl: string, call: WebApiCall = {}): Promise<WebApiAnswer> {
    const url = /^https:/.test(pathOrUrl) ? pathOrUrl : `${this.apiUrl}${pathOrUrl}`;
    const headers: Record<string, string> = { Accept: 'application/json', 'OData-Version': '4.0', 'OData-MaxVersion': '4.0', ...(call.headers ?? {}) };
    if (call.token) headers['Authorization'] = `Bearer ${call.token}`;
    let body: string | undefined;
    if (typeof call.body === 'string') body = call.body;
    else if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await request(url, { method: call.method ?? 'GET', dispatcher: this.agent, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.body.text();
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
    let json: Record<string, unknown> = {};
    try {
      if (text !== '' && /json/.test(flat['content-type'] ?? '')) json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = {};
    }
    return { status: response.statusCode, headers: flat, text, json };
  }

  /** Closes the connections. */
  close(): Promise<void> {
    return this.agent.close();
  }
}
