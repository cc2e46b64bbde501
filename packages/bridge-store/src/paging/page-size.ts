/** The largest page any listing answers. */
export const MAX_PAGE_SIZE = 500;

/** `first` clamped to 1..{@link MAX_PAGE_SIZE}; a fraction is truncated, a non-number gives 1. */
export function pageSize(first: number): number {
  const whole = Math.trunc(first);
  if (Number.isNaN(whole)) return 1;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, whole));
}
