// "Show in folder" after an export: the file manager opens with the bundle selected. Only the desktop
// app can do that (app.info's nativeDialogs); elsewhere the path and its Copy button are the way.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../api/context.ts';
import { hasNativeDialogs } from './ChooseFolderButton.tsx';

export function ShowInFolderButton({ path, name }: { path: string; name: string }) {
  const { t } = useTranslation();
  const { client, reportError } = useApp();
  const [available, setAvailable] = useState(false);

  useEffect(() => {
    let live = true;
    void hasNativeDialogs(client).then((yes) => live && setAvailable(yes));
    return () => {
      live = false;
    };
  }, [client]);

  if (!available) return null;
  const show = async () => {
    const result = await client.invoke('dialog.showInFolder', { path });
    if (!result.ok && result.error.code !== 'unsupported') reportError(result.error);
  };
  return (
    <button
      type="button"
      className="button small"
      aria-label={t('desktop.dialog.showInFolderOf', { name })}
      onClick={() => void show()}
      data-testid="show-in-folder"
    >
      {t('desktop.dialog.showInFolder')}
    </button>
  );
}
