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

export const SettingsIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M10.21 5.34L10.72 2.89A9.2 9.2 0 0 1 13.28 2.89L13.79 5.34A6.9 6.9 0 0 1 15.45 6.02L17.54 4.65A9.2 9.2 0 0 1 19.35 6.46L17.98 8.55A6.9 6.9 0 0 1 18.66 10.21L21.11 10.72A9.2 9.2 0 0 1 21.11 13.28L18.66 13.79A6.9 6.9 0 0 1 17.98 15.45L19.35 17.54A9.2 9.2 0 0 1 17.54 19.35L15.45 17.98A6.9 6.9 0 0 1 13.79 18.66L13.28 21.11A9.2 9.2 0 0 1 10.72 21.11L10.21 18.66A6.9 6.9 0 0 1 8.55 17.98L6.46 19.35A9.2 9.2 0 0 1 4.65 17.54L6.02 15.45A6.9 6.9 0 0 1 5.34 13.79L2.89 13.28A9.2 9.2 0 0 1 2.89 10.72L5.34 10.21A6.9 6.9 0 0 1 6.02 8.55L4.65 6.46A9.2 9.2 0 0 1 6.46 4.65L8.55 6.02A6.9 6.9 0 0 1 10.21 5.34z" />
    <circle cx="12" cy="12" r="2.8" />
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

export const FolderIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.6l2 2.2h7.4A2.5 2.5 0 0 1 21 9.7v7.8a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z" />
  </Icon>
);

export const FolderPlusIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.6l2 2.2h7.4A2.5 2.5 0 0 1 21 9.7v7.8a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z" />
    <path d="M12 10.5v6M9 13.5h6" />
  </Icon>
);

export const CloudIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M7 18a4.5 4.5 0 0 1-.6-8.96 6 6 0 0 1 11.55 1.46A3.75 3.75 0 0 1 17.25 18Z" />
  </Icon>
);

export const DriveIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M4 14.5 6.6 6.3A2 2 0 0 1 8.5 5h7a2 2 0 0 1 1.9 1.3L20 14.5" />
    <rect x="4" y="14.5" width="16" height="5" rx="2" />
    <path d="M16.5 17h.01" />
  </Icon>
);

export const TrashIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M4 7h16" />
    <path d="M9.5 7V5a1 1 0 0 1 1-1h3a1 1 0 0 1 1 1v2" />
    <path d="M6 7l.9 12a2 2 0 0 0 2 1.9h6.2a2 2 0 0 0 2-1.9L18 7" />
    <path d="M10 11v6M14 11v6" />
  </Icon>
);

export const RestoreIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M4 12a8 8 0 1 0 2.4-5.7L4 8.5" />
    <path d="M4 4v4.5h4.5" />
    <path d="M12 8v4l2.5 2" />
  </Icon>
);

export const HistoryIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M12 7.5V12l3 2" />
  </Icon>
);

export const ActivityIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M3 12h4l2.5-6 5 12 2.5-6h4" />
  </Icon>
);

export const PencilIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16z" />
    <path d="m13.5 6.5 4 4" />
  </Icon>
);

export const MoveIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.6l2 2.2h7.4A2.5 2.5 0 0 1 21 9.7v7.8a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z" />
    <path d="M9 13.5h6M12.5 11l2.5 2.5-2.5 2.5" />
  </Icon>
);

export const CopyIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="8" y="8" width="12" height="12" rx="2" />
    <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
  </Icon>
);

export const CompareIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="3" y="4" width="7.5" height="16" rx="1.5" />
    <rect x="13.5" y="4" width="7.5" height="16" rx="1.5" />
    <path d="M6 9h2M6 12h2M16.5 9h2M16.5 15h2" />
  </Icon>
);

export const MoreIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M6 12h.01M12 12h.01M18 12h.01" strokeWidth={3} />
  </Icon>
);

export const ChevronRightIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="m9.5 6 6 6-6 6" />
  </Icon>
);

export const ChevronDownIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="m6 9.5 6 6 6-6" />
  </Icon>
);

export const ArrowLeftIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M19 12H5M11 6l-6 6 6 6" />
  </Icon>
);

export const ConflictIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M12 4 2.8 19.2a1 1 0 0 0 .9 1.5h16.6a1 1 0 0 0 .9-1.5z" />
    <path d="M12 10v4.5M12 17.5h.01" />
  </Icon>
);

export const LaptopIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="4" y="5" width="16" height="11" rx="1.5" />
    <path d="M2.5 19h19" />
  </Icon>
);

export const PhoneIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="7" y="3" width="10" height="18" rx="2" />
    <path d="M11 17.5h2" />
  </Icon>
);

/** A computer and a phone: the devices an account is signed in on. */
export const DevicesIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M13 17H4.5A1.5 1.5 0 0 1 3 15.5v-9A1.5 1.5 0 0 1 4.5 5h12A1.5 1.5 0 0 1 18 6.5V8" />
    <path d="M7 20h6" />
    <rect x="15" y="10" width="6" height="10" rx="1.5" />
  </Icon>
);

export const PauseIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M9 6v12M15 6v12" />
  </Icon>
);

export const PlayIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M8 5.5v13a.6.6 0 0 0 .9.5l10.2-6.5a.6.6 0 0 0 0-1L8.9 5a.6.6 0 0 0-.9.5z" />
  </Icon>
);

export const RetryIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M4.5 12a7.5 7.5 0 1 0 2.2-5.3L4 9.4" />
    <path d="M4 4.5v4.9h4.9" />
  </Icon>
);

export const FolderUploadIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M3 7.5A2.5 2.5 0 0 1 5.5 5h3.6l2 2.2h7.4A2.5 2.5 0 0 1 21 9.7v7.8a2.5 2.5 0 0 1-2.5 2.5h-13A2.5 2.5 0 0 1 3 17.5z" />
    <path d="M12 16.5v-6M9.5 13l2.5-2.5 2.5 2.5" />
  </Icon>
);

export const ShieldIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M12 3.5 5 6.2v5.3c0 4.3 2.9 7.7 7 9 4.1-1.3 7-4.7 7-9V6.2z" />
    <path d="m9.2 12 2 2 3.7-3.9" />
  </Icon>
);

export const SignInIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M15 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3" />
    <path d="m11 8 4 4-4 4" />
    <path d="M4 12h11" />
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

export const ListIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M9 6h11M9 12h11M9 18h11" />
    <path d="M4.5 6h.01M4.5 12h.01M4.5 18h.01" strokeWidth={2.6} />
  </Icon>
);

export const GridIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="4" y="4" width="6.5" height="6.5" rx="1.5" />
    <rect x="13.5" y="4" width="6.5" height="6.5" rx="1.5" />
    <rect x="4" y="13.5" width="6.5" height="6.5" rx="1.5" />
    <rect x="13.5" y="13.5" width="6.5" height="6.5" rx="1.5" />
  </Icon>
);

export const SortIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M7 4v16M3.5 16.5 7 20l3.5-3.5" />
    <path d="M17 20V4M13.5 7.5 17 4l3.5 3.5" />
  </Icon>
);

export const ArrowUpIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M12 19V5M6 11l6-6 6 6" />
  </Icon>
);

export const ArrowDownIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M12 5v14M6 13l6 6 6-6" />
  </Icon>
);

export const OfflinePinIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <circle cx="12" cy="12" r="8.5" />
    <path d="M8.5 12.5 11 15l4.5-5" />
  </Icon>
);

export const ChevronLeftIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="m14.5 6-6 6 6 6" />
  </Icon>
);

export const TextFileIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path d="M14 3v5h5" />
    <path d="M9 13h6M9 17h4" />
  </Icon>
);

export const AudioIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <path d="M9 18V6l11-2v12" />
    <circle cx="6.5" cy="18" r="2.5" />
    <circle cx="17.5" cy="16" r="2.5" />
  </Icon>
);

export const VideoIcon = (props: IconProps): ReactNode => (
  <Icon {...props}>
    <rect x="3" y="6" width="13" height="12" rx="2" />
    <path d="m16 10.5 5-3v9l-5-3" />
  </Icon>
);
