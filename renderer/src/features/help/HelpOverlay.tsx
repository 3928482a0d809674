import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppInfo } from '../../../../electron/core/contract';
import { useApp } from '../../api/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { SHORTCUTS } from '../../shortcuts.ts';
import type { Shortcut } from '../../shortcuts.ts';

const EDITOR_SHORTCUTS = SHORTCUTS.filter((shortcut) => shortcut.group === undefined);
const TOOLKIT_SHORTCUTS = SHORTCUTS.filter((shortcut) => shortcut.group === 'toolkit');

function ShortcutTable({ shortcuts, testId }: { shortcuts: readonly Shortcut[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <table className="shortcut-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('help.action')}</th>
          <th scope="col">{t('help.keys')}</th>
        </tr>
      </thead>
      <tbody>
        {shortcuts.map((shortcut) => (
          <tr key={shortcut.id} data-shortcut={shortcut.id}>
            <td>{t(shortcut.labelKey)}</td>
            <td>
              {shortcut.keys.map((keys, index) => (
                <Fragment key={keys}>
                  {index > 0 ? <span className="or"> {t('help.or')} </span> : null}
                  <kbd dir="ltr">{keys}</kbd>
                </Fragment>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The shortcut list comes from shortcuts.ts, the same list the key handler uses. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { client } = useApp();
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    let live = true;
    void client.invoke('app.info', {}).then((result) => {
      if (live && result.ok) setInfo(result.value);
    });
    return () => {
      live = false;
    };
  }, [client]);
  return (
    <Dialog title={t('help.title')} onClose={onClose} className="help">
      <section aria-labelledby="help-shortcuts">
        <h3 id="help-shortcuts">{t('help.shortcuts')}</h3>
        <p>{t('help.intro')}</p>
        <ShortcutTable shortcuts={EDITOR_SHORTCUTS} testId="shortcut-table" />
      </section>
      <section aria-labelledby="help-toolkit">
        <h3 id="help-toolkit">{t('toolkit.title')}</h3>
        <ShortcutTable shortcuts={TOOLKIT_SHORTCUTS} testId="toolkit-shortcut-table" />
      </section>
      <section aria-labelledby="help-about">
        <h3 id="help-about">{t('help.about')}</h3>
        <p>{t('help.aboutText')}</p>
        {info ? (
          <dl className="about-facts">
            <dt>{t('help.version')}</dt>
            <dd>
              <bdi dir="ltr">{info.version}</bdi>
            </dd>
            <dt>{t('help.libraryFolder')}</dt>
            <dd>
              <bdi dir="ltr" className="file-name" data-testid="library-path">
                {info.libraryPath}
              </bdi>
            </dd>
          </dl>
        ) : null}
      </section>
    </Dialog>
  );
}
