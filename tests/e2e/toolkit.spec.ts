// The translator's toolkit in the editor: translation-memory suggestions for the focused cell (match,
// differences, Ctrl+1 through the autosave path), glossary terms with their approved translations,
// concordance, the panel's show/hide choice, and its layout in en, ar and ckb.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, importCorpus, openArticle, saveScreenshot, setUiLanguage, test } from './fixtures.ts';

// One library for the whole file: the tests build on each other, in order.
test.describe.configure({ mode: 'serial' });

const BUDGET = /Sulaymaniyah municipality unveils/;
const FOLLOW_UP = /Sulaymaniyah council debates/;

// One word differs from the corpus article's first paragraph (Sunday → Monday).
const FOLLOW_UP_MD = `---
id: toolkit-budget-follow-up
lang: en
---
# Sulaymaniyah council debates the 2025 budget

The Sulaymaniyah municipality on Monday presented a draft budget of IQD 412 billion (about $315 million) for 2025, an increase of 14% on last year, with 38% of spending earmarked for water networks and road repairs.

Members of the Sulaymaniyah council will vote on the plan next week.
`;

/** The Arabic of the corpus article's first paragraph, the translation the memory offers. */
const BUDGET_AR_P1 =
  'قدمت بلدية السليمانية، يوم الأحد، مشروع موازنة لعام ٢٠٢٥ بقيمة ٤١٢ مليار دينار عراقي (نحو ٣١٥ مليون دولار)، بزيادة قدرها ١٤٪ عن العام الماضي، على أن يخصص ٣٨٪ من الإنفاق لشبكات المياه وصيانة الطرق.';

const GLOSSARY_CSV =
  'en,ar,ckb,note\r\n' +
  'Sulaymaniyah,السليمانية,سلێمانی,City and province\r\n' +
  'United Nations Development Programme,برنامج الأمم المتحدة الإنمائي,بەرنامەی گەشەپێدانی نەتەوە یەکگرتووەکان,\r\n';

function paragraphCell(page: Page, n: number, lang: 'en' | 'ar' | 'ckb'): Locator {
  return page.locator('.segment-row[data-kind="paragraph"]').nth(n).locator(`textarea[data-lang="${lang}"]`);
}

async function expectSaved(page: Page): Promise<void> {
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

async function backToLibrary(page: Page): Promise<void> {
  await page.locator('.back-button').click();
  await expect(page.getByTestId('library-table')).toBeVisible();
}

// evaluate callbacks run in the page; the Node typecheck project has no DOM types.
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null };
  fetch(url: string, init: object): Promise<{ json(): Promise<unknown> }>;
}

/** A contract call from the page, with the host's token: how a script or the CLI would import a glossary. */
async function invoke(page: Page, channel: string, request: object): Promise<unknown> {
  return page.evaluate(
    async ({ channel, request }) => {
      const win = globalThis as unknown as PageGlobals;
      const response = await win.fetch(`/api/${channel}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-pird-token': win.sessionStorage.getItem('pird.token') ?? '',
        },
        body: JSON.stringify(request),
      });
      return response.json();
    },
    { channel, request },
  );
}

test('imports the corpus, a follow-up article and a glossary', async ({ app }) => {
  await importCorpus(app);
  await app.getByTestId('import-input').setInputFiles({
    name: 'follow-up.md',
    mimeType: 'text/markdown',
    buffer: Buffer.from(FOLLOW_UP_MD, 'utf8'),
  });
  await expect(app.getByTestId('library-table').getByRole('link', { name: FOLLOW_UP })).toBeVisible();
  const imported = await invoke(app, 'glossary.import', { format: 'csv', content: GLOSSARY_CSV });
  expect(imported).toMatchObject({ ok: true, value: { entries: 2, total: 2 } });
});

test('suggests an approved translation of a similar source, and Ctrl+1 inserts and saves it', async ({
  app,
}) => {
  // Only checked translations feed the memory: approve the Arabic of the budget's first paragraph.
  await openArticle(app, BUDGET);
  const status = app
    .locator('.segment-row[data-kind="paragraph"]')
    .first()
    .locator('.cell[data-lang="ar"] select');
  await status.selectOption('approved');
  await expectSaved(app);
  await backToLibrary(app);

  await openArticle(app, FOLLOW_UP);
  const panel = app.getByTestId('toolkit-panel');
  await expect(panel.getByTestId('toolkit-no-cell')).toBeVisible();
  const cell = paragraphCell(app, 0, 'ar');
  await cell.click();
  await expect(panel.getByTestId('toolkit-context')).toHaveAttribute('data-lang', 'ar');
  const suggestion = panel.getByTestId('tm-suggestion');
  await expect(suggestion).toHaveCount(1);
  await expect(suggestion).toHaveAttribute('data-match', '97');
  await expect(suggestion.getByTestId('tm-match')).toHaveText('97% match');
  // The suggestion's source, with the word that differs from this segment's source marked.
  const source = suggestion.getByTestId('tm-source');
  await expect(source).toHaveAttribute('lang', 'en');
  await expect(source).toHaveAttribute('dir', 'ltr');
  await expect(source.locator('mark')).toHaveText(['Sunday']);
  const target = suggestion.getByTestId('tm-target');
  await expect(target).toHaveAttribute('lang', 'ar');
  await expect(target).toHaveAttribute('dir', 'rtl');
  await expect(target).toHaveText(BUDGET_AR_P1);
  await expect(suggestion).toContainText(/Approved, \u2068?Layla Hassan/);

  await expect(cell).toBeFocused();
  await app.keyboard.press('Control+1');
  await expect(cell).toHaveValue(BUDGET_AR_P1);
  await expect(cell).toBeFocused();
  await expectSaved(app);
  // Like typed text, the insertion is one step of the cell's undo history.
  await app.keyboard.press('Control+z');
  await expect(cell).toHaveValue('');
  await expectSaved(app);
  await app.keyboard.press('Control+1');
  await expect(cell).toHaveValue(BUDGET_AR_P1);
  await expectSaved(app);

  await app.reload();
  await expect(paragraphCell(app, 0, 'ar')).toHaveValue(BUDGET_AR_P1);
  await expect(
    app.locator('.segment-row[data-kind="paragraph"]').first().locator('.cell[data-lang="ar"] select'),
  ).toHaveValue('draft');
});

test('drops a late answer for a cell the translator has already left', async ({ app }) => {
  await openArticle(app, FOLLOW_UP);
  // The first lookup (the paragraph with a 97% match) answers only after the next one.
  let first = true;
  await app.route('**/api/tm.suggest', async (route) => {
    if (first) {
      first = false;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await route.continue();
  });
  await paragraphCell(app, 0, 'ar').click();
  await app.waitForRequest('**/api/tm.suggest');
  await app.keyboard.press('Alt+ArrowDown');
  await expect(paragraphCell(app, 1, 'ar')).toBeFocused();
  const panel = app.getByTestId('toolkit-panel');
  await expect(panel.getByTestId('tm-suggestions')).toContainText('No similar translation in the memory.');
  await app.waitForTimeout(2000); // the late answer has come by now
  await expect(panel.getByTestId('tm-suggestion')).toHaveCount(0);
  await expect(panel.getByTestId('tm-suggestions')).toContainText('No similar translation in the memory.');
  await expect(panel.getByTestId('toolkit-context')).toContainText('Paragraph 2');
  await app.unroute('**/api/tm.suggest');
});

test('lists glossary terms with their approved translation and inserts one at the cursor', async ({
  app,
}) => {
  await openArticle(app, FOLLOW_UP);
  const cell = paragraphCell(app, 1, 'ckb');
  await cell.click();
  const panel = app.getByTestId('toolkit-panel');
  const term = panel.getByTestId('glossary-match');
  await expect(term).toHaveCount(1);
  await expect(term).toContainText('Sulaymaniyah');
  const insert = term.getByTestId('glossary-insert');
  await expect(insert).toHaveText('سلێمانی');
  await expect(insert.locator('[lang="ckb"]')).toHaveAttribute('dir', 'rtl');
  // The term is marked in a read-only copy of the source.
  await expect(panel.getByTestId('glossary-source').locator('mark')).toHaveText(['Sulaymaniyah']);

  await cell.fill('ئەندامانی ئەنجومەنی  هەفتەی داهاتوو دەنگ دەدەن.');
  await cell.evaluate((element) => {
    const field = element as unknown as { value: string; setSelectionRange(a: number, b: number): void };
    const at = field.value.indexOf('  ') + 1;
    field.setSelectionRange(at, at);
  });
  await insert.click();
  await expect(cell).toHaveValue('ئەندامانی ئەنجومەنی سلێمانی هەفتەی داهاتوو دەنگ دەدەن.');
  await expect(cell).toBeFocused();
  await expectSaved(app);

  // The same term, for the Arabic column.
  await paragraphCell(app, 1, 'ar').click();
  await expect(term.getByTestId('glossary-insert')).toHaveText('السليمانية');
});

test('finds a phrase in past translations (concordance), also from a selection with F3', async ({ app }) => {
  await openArticle(app, FOLLOW_UP);
  await paragraphCell(app, 1, 'ar').click();
  const panel = app.getByTestId('toolkit-panel');
  const input = panel.getByTestId('concordance-input');
  await input.fill('draft budget');
  const entry = panel.getByTestId('concordance-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry.getByTestId('concordance-source').locator('mark')).toHaveText(['draft budget']);
  await expect(entry.getByTestId('concordance-source')).toHaveAttribute('dir', 'ltr');
  await expect(entry.getByTestId('concordance-target')).toHaveAttribute('lang', 'ar');
  await expect(entry.getByTestId('concordance-target')).toContainText('مشروع موازنة');
  await expect(panel.getByTestId('concordance-status')).toHaveText('1 past translation');
  // Its status in the library, and when it was last changed.
  await expect(entry.getByTestId('concordance-meta')).toContainText(/^(Translated|Reviewed|Approved), /);

  await input.fill('zzzz nothing');
  await expect(panel.getByTestId('concordance-status')).toHaveText('No past translation holds this phrase.');

  // F3 with "water networks" selected in the source cell.
  const source = paragraphCell(app, 0, 'en');
  await source.evaluate((element) => {
    const field = element as unknown as {
      value: string;
      focus(): void;
      setSelectionRange(a: number, b: number): void;
    };
    const at = field.value.indexOf('water networks');
    field.focus();
    field.setSelectionRange(at, at + 'water networks'.length);
  });
  await app.keyboard.press('F3');
  await expect(input).toBeFocused();
  await expect(input).toHaveValue('water networks');
  await expect(entry.getByTestId('concordance-source').locator('mark')).toHaveText(['water networks']);
  // Esc in the panel goes back to the cell, not to the library.
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('editor')).toBeVisible();
  await expect(app.locator('textarea:focus')).toHaveAttribute('data-lang', 'ar');
});

test('shows and hides the panel with its button or Ctrl+Shift+M, and remembers it', async ({ app }) => {
  await openArticle(app, FOLLOW_UP);
  const toggle = app.getByTestId('toolkit-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await paragraphCell(app, 0, 'ar').click();
  await app.keyboard.press('Control+Shift+KeyM');
  await expect(app.getByTestId('toolkit-panel')).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(paragraphCell(app, 0, 'ar')).toBeFocused();
  await app.reload();
  await expect(app.getByTestId('segment-grid')).toBeVisible();
  await expect(app.getByTestId('toolkit-panel')).toBeHidden();
  await app.getByTestId('toolkit-toggle').click();
  await expect(app.getByTestId('toolkit-panel')).toBeVisible();

  await app.getByTestId('help-button').click();
  const table = app.getByRole('dialog', { name: 'Help' }).getByTestId('toolkit-shortcut-table');
  await expect(table).toContainText('Ctrl+1');
  await expect(table).toContainText('Ctrl+Shift+M');
  await expect(table).toContainText('F3');
  await app.keyboard.press('Escape');
});

test('stacks the quality check and the toolkit in one side column', async ({ app }, testInfo) => {
  await openArticle(app, FOLLOW_UP);
  await paragraphCell(app, 0, 'ar').click();
  await app.getByTestId('qa-open').click();
  const qa = app.getByTestId('qa-panel');
  const toolkit = app.getByTestId('toolkit-panel');
  await expect(qa).toBeVisible();
  await expect(toolkit.getByTestId('tm-suggestion')).toHaveCount(1);
  const qaBox = await qa.boundingBox();
  const toolkitBox = await toolkit.boundingBox();
  expect(qaBox && toolkitBox).toBeTruthy();
  expect(Math.abs(qaBox!.x - toolkitBox!.x)).toBeLessThan(2);
  expect(toolkitBox!.y).toBeGreaterThanOrEqual(qaBox!.y + qaBox!.height);
  await saveScreenshot(app, testInfo, 'toolkit-with-qa-en');
  await qa.getByRole('button', { name: 'Close' }).click();
  await expect(qa).toBeHidden();
});

for (const lang of ['en', 'ar', 'ckb'] as const) {
  test(`toolkit panel in the ${lang} interface: mirrored frame, texts in their own direction`, async ({
    app,
  }, testInfo) => {
    await setUiLanguage(app, lang);
    await openArticle(app, FOLLOW_UP);
    await paragraphCell(app, 0, 'ar').click();
    const panel = app.getByTestId('toolkit-panel');
    await expect(panel.getByTestId('tm-suggestion')).toHaveCount(1);
    const suggestion = panel.getByTestId('tm-suggestion');
    await expect(suggestion.getByTestId('tm-target')).toHaveAttribute('dir', 'rtl');
    await expect(suggestion.getByTestId('tm-target')).toHaveAttribute('lang', 'ar');
    await expect(suggestion.getByTestId('tm-source')).toHaveAttribute('dir', 'ltr');
    await expect(panel.getByTestId('glossary-match')).toHaveCount(1);
    await panel.getByTestId('concordance-input').fill('Sulaymaniyah');
    await expect(panel.getByTestId('concordance-entry').first()).toBeVisible();

    // The side column is at the end of the reading direction: right in en, left in ar and ckb.
    const grid = await app.getByTestId('segment-grid').boundingBox();
    const side = await panel.boundingBox();
    expect(grid && side).toBeTruthy();
    if (lang === 'en') expect(side!.x).toBeGreaterThan(grid!.x);
    else expect(side!.x).toBeLessThan(grid!.x);
    const direction = await panel.evaluate(
      (element) =>
        (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(
          element,
        ).direction,
    );
    expect(direction).toBe(lang === 'en' ? 'ltr' : 'rtl');
    await saveScreenshot(app, testInfo, `toolkit-${lang}`);
    // Filled with suggestions, terms and concordance lines, the panel passes axe (WCAG 2 A and AA).
    const axe = await new AxeBuilder({ page: app })
      .include('[data-testid="toolkit-panel"]')
      .withTags(['wcag2a', 'wcag2aa'])
      .analyze();
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    // The whole first line in view, down to its status, who and when (centred: the status bar at
    // the bottom of the window would cover it).
    await panel
      .getByTestId('concordance-meta')
      .first()
      .evaluate((element) => {
        (element as unknown as { scrollIntoView(options: { block: 'center' }): void }).scrollIntoView({
          block: 'center',
        });
      });
    await saveScreenshot(app, testInfo, `toolkit-concordance-${lang}`);
  });
}

test('offers pairs imported from another tool’s TMX, marked as imported, in every interface language', async ({
  app,
}, testInfo) => {
  const tmx = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" o-tmf="OmegaT TMX" adminlang="EN-US" srclang="EN-US" datatype="plaintext"/>
<body><tu creationid="Karwan Aziz" creationdate="20251120T083000Z"><tuv xml:lang="EN-US"><seg>Members of the Sulaymaniyah council will vote on the plan next month.</seg></tuv><tuv xml:lang="CKB"><seg>ئەندامانی ئەنجومەنی سلێمانی مانگی داهاتوو دەنگ لەسەر پلانەکە دەدەن.</seg></tuv></tu></body></tmx>`;
  const imported = await invoke(app, 'tmx.import', { content: tmx });
  expect(imported).toMatchObject({ ok: true, value: { units: 1, added: 1 } });
  for (const lang of ['en', 'ar', 'ckb'] as const) {
    await setUiLanguage(app, lang);
    await openArticle(app, FOLLOW_UP);
    const cell = paragraphCell(app, 1, 'ckb');
    await cell.click();
    const suggestion = app.getByTestId('toolkit-panel').getByTestId('tm-suggestion');
    await expect(suggestion).toHaveCount(1);
    await expect(suggestion).toHaveAttribute('data-from', 'imported');
    await expect(suggestion.getByTestId('tm-source').locator('mark')).toHaveText(['month']);
    await expect(suggestion).toContainText(
      { en: 'Imported memory (TMX)', ar: 'ذاكرة مستوردة (TMX)', ckb: 'بیرگەی هاوردەکراو (TMX)' }[lang],
    );
    // Who made it, as the TMX says (its creationid), isolated in the line.
    await expect(suggestion).toContainText('\u2068Karwan Aziz\u2069');
    await saveScreenshot(app, testInfo, `toolkit-imported-${lang}`);
    await backToLibrary(app);
  }
  await setUiLanguage(app, 'en');
  await openArticle(app, FOLLOW_UP);
  const cell = paragraphCell(app, 1, 'ckb');
  await cell.click();
  await expect(app.getByTestId('tm-suggestion')).toHaveCount(1);
  await app.keyboard.press('Control+1');
  await expect(cell).toHaveValue('ئەندامانی ئەنجومەنی سلێمانی مانگی داهاتوو دەنگ لەسەر پلانەکە دەدەن.');
  await expectSaved(app);
  const panel = app.getByTestId('toolkit-panel');
  await panel.getByTestId('concordance-input').fill('vote on the plan');
  const entry = panel.getByTestId('concordance-entry');
  await expect(entry).toHaveCount(1);
  await expect(entry).toHaveAttribute('data-from', 'imported');
  // Under the pair, as under a suggestion: that it was imported, who made it and when.
  const meta = entry.getByTestId('concordance-meta');
  await expect(meta).toContainText('Imported memory (TMX), \u2068Karwan Aziz\u2069, ');
  await expect(meta).toContainText('2025');
});
