// The app's icon set: 24px stroke icons drawn on one grid, coloured by `currentColor`.
// Decorative by default (aria-hidden); the control around an icon carries the accessible name.
import type { ReactNode } from 'react';

type IconProps = { readonly size?: number; readonly className?: string };

function Icon({ size = 20, className, children }: IconProps & { readonly children: ReactNode }): ReactNode {
  return (
    <svg
      className={className === undefined ? 'icon' : `icon ${className}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const UploadIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M12 15V4" />
    <path d="m7 9 5-5 5 5" />
    <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
  </Icon>
);

export const DownloadIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M12 4v11" />
    <path d="m7 10 5 5 5-5" />
    <path d="M4 15v3a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-3" />
  </Icon>
);

export const FileIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path d="M14 3v5h5" />
  </Icon>
);

export const ImageIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <circle cx="9" cy="10" r="1.6" />
    <path d="m21 16-5-5-9 9" />
  </Icon>
);

export const CloseIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Icon>
);

export const CheckIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Icon>
);

export const AlertIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 7.5v5.5" />
    <path d="M12 16.5h.01" />
  </Icon>
);

export const SignOutIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3" />
    <path d="M10 8l-4 4 4 4" />
    <path d="M6 12h10" />
  </Icon>
);

export const RefreshIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M20 11a8 8 0 0 0-14.5-4.5L4 8" />
    <path d="M4 4v4h4" />
    <path d="M4 13a8 8 0 0 0 14.5 4.5L20 16" />
    <path d="M20 20v-4h-4" />
  </Icon>
);

/** The Sheaf mark: three fanned sheets, as in the app icon. */
export const SheafMark = ({ size = 28 }: { readonly size?: number }): ReactNode => (
  <svg className="sheaf-mark" width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
    <rect width="64" height="64" rx="14" fill="var(--accent)" />
    <g fill="var(--accent-contrast)">
      <rect x="19" y="14" width="24" height="32" rx="3.5" transform="rotate(-14 31 30)" opacity=".45" />
      <rect x="20" y="15" width="24" height="32" rx="3.5" transform="rotate(-5 32 31)" opacity=".7" />
      <path
        d="M23 18.5a3.5 3.5 0 0 1 3.5-3.5H38l7 7v20.5a3.5 3.5 0 0 1-3.5 3.5h-15a3.5 3.5 0 0 1-3.5-3.5z"
        transform="rotate(5 34 32)"
      />
    </g>
  </svg>
);
