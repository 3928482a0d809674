// "Choose…" beside a folder field: the system's folder dialog, where the shell has one (the desktop
// app says so in app.info). The browser host and the CLI have none, so the button is not shown and
// the field stays the way to give a folder.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FolderPurpose, PirdClient } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';

// app.info does not change while the page lives: asked once per client.
const nativeDialogsByClient = new WeakMap<PirdClient, Promise<boolean>>();

export function hasNativeDialogs(client: PirdClient): Promise<boolean> {
  let known = nativeDialogsByClient.get(client);
  if (!known) {
    known = client.invoke('app.info', {}).then(
      (result) => result.ok && result.value.nativeDialogs,
      () => false,
    );
    nativeDialogsByClient.set(client, known);
  }
  return known;
}

const TITLE_KEY = {
  'shared-folder': 'desktop.dialog.chooseSharedFolder',
  export: 'desktop.dialog.chooseExportFolder',
} as const satisfies Record<FolderPurpose, string>;

export function ChooseFolderButton({
  purpose,
  current,
  onChosen,
}: {
  purpose: FolderPurpose;
  /** The folder in the field now: the dialog opens there. */
  current: string;
  onChosen: (folder: string) => void;
}) {
  const { t } = useTranslation();
  const { client, reportError } = useApp();
  const [available, setAvailable] = useState(false);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    let live = true;
    void hasNativeDialogs(client).then((yes) => live && setAvailable(yes));
    return () => {
      live = false;
    };
  }, [client]);

  if (!available) return null;
  const choose = async () => {
    setOpen(true);
    const folder = current.trim();
    const result = await client.invoke('dialog.pickFolder', {
      purpose,
      ...(folder !== '' ? { defaultPath: folder } : {}),
    });
    setOpen(false);
    if (result.ok) {
      if (result.value.path !== null) onChosen(result.value.path);
    } else if (result.error.code === 'unsupported') {
      setAvailable(false); // the field is still there
    } else {
      reportError(result.error);
    }
  };
  return (
    <button
      type="button"
      className="button small choose-folder"
      aria-label={t(TITLE_KEY[purpose])}
      disabled={open}
      onClick={() => void choose()}
      data-testid={`choose-folder-${purpose}`}
    >
      {t('desktop.dialog.choose')}
    </button>
  );
}
