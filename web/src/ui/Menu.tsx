// A "more actions" button (or another trigger, such as the account in the top bar) and its menu
// (WAI-ARIA menu button), and the same menu opened at a point (a right-click or the context-menu
// key). The menu opens in a portal so that no overflow clips it; arrow keys move between items,
// Escape or a click elsewhere closes and focus goes back where it was.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { CheckIcon, MoreIcon } from './icons.js';

export type MenuItem = {
  readonly label: string;
  readonly icon: ReactNode;
  readonly onSelect: () => void;
  readonly danger?: boolean;
  /** A choice among several (a sort order): shown with a check when it is the current one. */
  readonly checked?: boolean;
};

/** What the menu button shows instead of the "more" icon (the account menu shows who is signed in). */
export type MenuTrigger = { readonly content: ReactNode; readonly className: string };

type MenuProps = {
  readonly label: string;
  readonly items: readonly MenuItem[];
  readonly trigger?: MenuTrigger;
  /** -1 inside a list whose rows are one tab stop (the context-menu key reaches the same items). */
  readonly tabIndex?: number;
};

const MENU_WIDTH = 208;

/** Where a menu opens: under a button (right-aligned with it) or at a point (a right-click). */
export type MenuAnchor = { readonly rect: DOMRect } | { readonly x: number; readonly y: number };

type MenuPopupProps = {
  readonly label: string;
  readonly items: readonly MenuItem[];
  readonly anchor: MenuAnchor;
  /** `refocus`: the menu was left with the keyboard (Escape), so focus goes back to what opened it. */
  readonly onClose: (refocus: boolean) => void;
  /** Clicks on it do not count as "elsewhere" (the button that toggles the menu). */
  readonly owner?: HTMLElement | null;
};

export function MenuPopup({ label, items, anchor, onClose, owner }: MenuPopupProps): ReactNode {
  const [place, setPlace] = useState<{ top: number; left: number }>();
  const menu = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useLayoutEffect(() => {
    const height = menu.current?.offsetHeight ?? 0;
    const fit = (left: number): number => Math.max(8, Math.min(left, window.innerWidth - MENU_WIDTH - 8));
    if ('rect' in anchor) {
      // Below the button, right-aligned with it; above it when there is no room below.
      const { rect } = anchor;
      const below = rect.bottom + 4 + height <= window.innerHeight;
      setPlace({
        top: below ? rect.bottom + 4 : Math.max(8, rect.top - 4 - height),
        left: fit(rect.right - MENU_WIDTH),
      });
    } else {
      const below = anchor.y + height <= window.innerHeight - 8;
      setPlace({ top: below ? anchor.y : Math.max(8, anchor.y - height), left: fit(anchor.x) });
    }
  }, [anchor]);

  // Once placed (a hidden element takes no focus), focus goes to the first item.
  const placed = place !== undefined;
  useEffect(() => {
    if (placed) menu.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
  }, [placed]);

  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      const target = event.target;
      if (target instanceof Node && (menu.current?.contains(target) === true || owner?.contains(target) === true))
        return;
      close.current(false);
    };
    const onScroll = (): void => close.current(false);
    document.addEventListener('pointerdown', onPointer);
    window.addEventListener('resize', onScroll);
    window.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      window.removeEventListener('resize', onScroll);
      window.removeEventListener('scroll', onScroll, true);
    };
  }, [owner]);

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = entries.findIndex((e) => e === document.activeElement);
    const focus = (i: number): void => entries[(i + entries.length) % entries.length]?.focus();
    if (event.key === 'ArrowDown') focus(at + 1);
    else if (event.key === 'ArrowUp') focus(at - 1);
    else if (event.key === 'Home') focus(0);
    else if (event.key === 'End') focus(entries.length - 1);
    else if (event.key === 'Escape') onClose(true);
    else if (event.key === 'Tab') onClose(false);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return createPortal(
    <div
      ref={menu}
      className="menu"
      role="menu"
      aria-label={label}
      // Measured hidden first, then placed: a menu near the bottom opens upwards without a jump.
      style={{
        top: place?.top ?? 0,
        left: place?.left ?? 0,
        width: MENU_WIDTH,
        visibility: place ? 'visible' : 'hidden',
      }}
      onKeyDown={onMenuKey}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
          aria-checked={item.checked}
          tabIndex={-1}
          className={`menu-item${item.danger === true ? ' is-danger' : ''}`}
          onClick={() => {
            onClose(false);
            item.onSelect();
          }}
        >
          {item.checked === undefined ? (
            item.icon
          ) : item.checked ? (
            <CheckIcon size={18} />
          ) : (
            <span className="icon-space" />
          )}
          <span>{item.label}</span>
        </button>
      ))}
    </div>,
    document.body,
  );
}

export function Menu({ label, items, trigger, tabIndex }: MenuProps): ReactNode {
  const [anchor, setAnchor] = useState<MenuAnchor>();
  const button = useRef<HTMLButtonElement>(null);

  return (
    <>
      <button
        ref={button}
        type="button"
        className={trigger?.className ?? 'icon-button'}
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={anchor !== undefined}
        tabIndex={tabIndex}
        onClick={(event) => {
          event.stopPropagation();
          setAnchor((was) =>
            was === undefined && button.current !== null ? { rect: button.current.getBoundingClientRect() } : undefined,
          );
        }}
        onDoubleClick={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.stopPropagation()}
      >
        {trigger?.content ?? <MoreIcon size={18} />}
      </button>
      {anchor === undefined ? null : (
        <MenuPopup
          label={label}
          items={items}
          anchor={anchor}
          owner={button.current}
          onClose={(refocus) => {
            setAnchor(undefined);
            if (refocus) button.current?.focus();
          }}
        />
      )}
    </>
  );
}
