import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { request, type Dispatcher } from 'undici';

/**
 * msal-node's HTTP client (`system.networkClient`) over an undici dispatcher, so the token endpoint is
 * reached through the connector's own `Agent` and trusts the same private CA as the Web API
 * (docs/decisions/095; shared by the Dynamics and Graph connectors, decision 173). Answers every status (msal reads the error JSON itself); a body that is not
 * JSON is handed over as `{}` with the status, so msal reports the HTTP error rather than a parse error.
 */
export class UndiciNetworkModule implements INetworkModule {
  constructor(
    private readonly dispatcher: Dispatcher,
    /** Called with every token endpoint URL, before the call; for logs and counters. */
    private readonly onRequest?: (method: 'GET' | 'POST', url: string) => void,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.#send<T>('GET', url, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.#send<T>('POST', url, options);
  }

  async #send<T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> {
    this.onRequest?.(method, url);
    const answer = await request(url, {
      method,
      dispatcher: this.dispatcher,
      headers: options?.headers ?? {},
      ...(options?.body === undefined ? {} : { body: options.body }),
      ...(timeout === undefined ? {} : { headersTimeout: timeout, bodyTimeout: timeout }),
    });
    const text = await answer.body.text();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    let body: unknown = {};
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch {
      body = {};
    }
    return { headers, body: body as T, status: answer.statusCode };
  }
}
