// Inline SVG icons (no icon font, no remote assets). Icons that point along the reading direction are
// marked `mirror` and flip in RTL through CSS; vertical arrows never flip.
export type IconName =
  | 'back'
  | 'plus'
  | 'split'
  | 'merge'
  | 'up'
  | 'down'
  | 'trash'
  | 'help'
  | 'settings'
  | 'import'
  | 'close'
  | 'retry'
  | 'check'
  | 'export'
  | 'copy';

const PATHS: Record<IconName, string> = {
  back: 'M15 5l-7 7 7 7',
  plus: 'M12 5v14M5 12h14',
  split: 'M4 12h16M12 4v5M12 15v5M9 7l3 2 3-2M9 17l3-2 3 2',
  merge: 'M12 4v7M8 8l4 4 4-4M5 15h14M5 19h14',
  up: 'M12 19V5M6 11l6-6 6 6',
  down: 'M12 5v14M6 13l6 6 6-6',
  trash: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13M10 11v6M14 11v6',
  help: 'M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5v.5M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM19 12l2-1-1-3-2 .3-1.3-1.3.3-2-3-1-1 2h-2l-1-2-3 1 .3 2L6 7.3 4 7 3 10l2 1v2l-2 1 1 3 2-.3 1.3 1.3-.3 2 3 1 1-2h2l1 2 3-1-.3-2 1.3-1.3 2 .3 1-3-2-1z',
  import: 'M12 4v11M7 10l5 5 5-5M5 19h14',
  close: 'M6 6l12 12M18 6L6 18',
  retry: 'M4 12a8 8 0 1 0 2.3-5.7M4 4v5h5',
  check: 'M4 12.5l4.5 4.5L20 6',
  export: 'M12 15V4M7 9l5-5 5 5M5 14v5h14v-5',
  copy: 'M9 9h10v10H9zM5 15H4V4h11v1',
};

const MIRRORED: ReadonlySet<IconName> = new Set(['back']);

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className={MIRRORED.has(name) ? 'icon icon-mirror' : 'icon'}
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
