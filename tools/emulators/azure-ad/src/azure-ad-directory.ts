/** A user of the emulated tenant, as the token endpoint sees one. */
export interface DirectoryUser {
  readonly id: string;
  readonly userName: string;
  readonly fullName?: string;
  readonly disabled?: boolean;
}

/** An app registration the token endpoint knows; `client_credentials` acts as its application user. */
export interface AzureAdAppRegistration {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The user name of the app's application user (service principal) in the directory. */
  readonly applicationUserName: string;
}

/**
 * The users the token endpoint signs in: a crm-store (the Dataverse emulator) or a fixed list (the
 * Graph emulator). `signIn` rejects a wrong password or a disabled user.
 */
export interface AzureAdDirectory {
  findUserByName(userName: string): Promise<DirectoryUser | undefined>;
  getUser(id: string): Promise<DirectoryUser | undefined>;
  signIn(userName: string, password: string): Promise<unknown>;
}
