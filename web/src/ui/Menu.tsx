// A "more actions" button (or another trigger, such as the account in the top bar) and its menu
// (WAI-ARIA menu button): opens below the button in a portal so that no overflow clips it, arrow
// keys move between items, Escape or a click elsewhere closes.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { MoreIcon } from './icons.js';

export type MenuItem = {
  readonly label: string;
  readonly icon: ReactNode;
  readonly onSelect: () => void;
  readonly danger?: boolean;
};

/** What the menu button shows instead of the "more" icon (the account menu shows who is signed in). */
export type MenuTrigger = { readonly content: ReactNode; readonly className: string };

type MenuProps = { readonly label: string; readonly items: readonly MenuItem[]; readonly trigger?: MenuTrigger };

const MENU_WIDTH = 208;

export function Menu({ label, items, trigger }: MenuProps): ReactNode {
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState<{ top: number; left: number }>({ top: 0, left: 0 });
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);

  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useLayoutEffect(() => {
    if (!open || button.current === null) return;
    const rect = button.current.getBoundingClientRect();
    const height = menu.current?.offsetHeight ?? 0;
    // Below the button, right-aligned with it; above it when there is no room below.
    const below = rect.bottom + 4 + height <= window.innerHeight;
    setPlace({
      top: below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - height),
      left: Math.max(8, Math.min(rect.right - MENU_WIDTH, window.innerWidth - MENU_WIDTH - 8)),
    });
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent): void => {
      const target = event.target;
      if (
        target instanceof Node &&
        (menu.current?.contains(target) === true || button.current?.contains(target) === true)
      )
        return;
      setOpen(false);
    };
    const onScroll = (): void => setOpen(false);
    document.addEventListener('pointerdown', onPointer);
    window.addEventListener('resize', onScroll);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('resize', onScroll);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [open]);

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = entries.findIndex((e) => e === document.activeElement);
    const focus = (i: number): void => entries[(i + entries.length) % entries.length]?.focus();
    if (event.key === 'ArrowDown') focus(at + 1);
    else if (event.key === 'ArrowUp') focus(at - 1);
    else if (event.key === 'Home') focus(0);
    else if (event.key === 'End') focus(entries.length - 1);
    else if (event.key === 'Escape') close(true);
    else if (event.key === 'Tab') close(false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className={trigger?.className ?? 'icon-button'}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => event.stopPropagation()}
      >
        {trigger?.content ?? <MoreIcon size={18} />}
      </button>
      {open
        ? createPortal(
            <div
              ref={menu}
              className="menu"
              role="menu"
              aria-label={label}
              style={{ top: place.top, left: place.left, width: MENU_WIDTH }}
              onKeyDown={onMenuKey}
            >
              {items.map((item) => (
                <button
                  key={item.label}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className={`menu-item${item.danger === true ? ' is-danger' : ''}`}
                  onClick={() => {
                    close(false);
                    item.onSelect();
                  }}
                >
                  {item.icon}
                  <span>{item.label}</span>
                </button>
              ))}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
