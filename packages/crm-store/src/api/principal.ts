/** Who a store call acts for: the signed-in user, their business unit and teams (from `authenticate`). */
export interface Principal {
  readonly userId: string;
  readonly businessUnitId: string;
  readonly teamIds: readonly string[];
}
