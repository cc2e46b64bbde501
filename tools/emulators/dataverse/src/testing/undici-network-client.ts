import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { Agent, request } from 'undici';

/**
 * msal-node's `system.networkClient` over undici with an agent that trusts the emulator's certificate
 * (msal's own client uses Node's default trust store). For tests only.
 */
export class UndiciNetworkClient implements INetworkModule {
  constructor(private readonly agent: Agent) {}

  /** A client trusting the PEM certificate `ca`. */
  static trusting(ca: string): UndiciNetworkClient {
    return new UndiciNetworkClient(new Agent({ connect: { ca } }));
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  /** Closes the agent's connections. */
  close(): Promise<void> {
    return this.agent.close();
  }

  private async send<T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const response = await request(url, {
      method,
      dispatcher: this.agent,
      headers: options?.headers ?? {},
      ...(options?.body !== undefined ? { body: options.body } : {}),
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const text = await response.body.text();
    return { status: response.statusCode, headers, body: (text === '' ? {} : JSON.parse(text)) as T };
  }
}
