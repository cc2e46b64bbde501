import type { MouseEvent, ReactNode } from 'react';
import { navigate } from '../routing/use-route';

/** An anchor that navigates inside the console without a reload (a modified click opens a new tab as usual). */
export function Link({ href, children, className }: { readonly href: string; readonly children: ReactNode; readonly className?: string }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} onClick={onClick} className={className}>
      {children}
    </a>
  );
}
