import { Component } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { i18n } from '../i18n/i18n.ts';

interface State {
  failed: boolean;
}

/** Catches render errors so one broken view shows a way out instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Pird UI error', error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="fatal" role="alert">
        <h1>{i18n.t('errors.title')}</h1>
        <p>{i18n.t('errors.boundary')}</p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          {i18n.t('app.reload')}
        </button>
      </main>
    );
  }
}
