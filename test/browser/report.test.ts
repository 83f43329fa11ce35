/**
 * The HTML report as a reader opens it: in headless Chromium with JavaScript disabled and no network.
 * The summary, the diagram (inline SVG), the findings and the coverage must all be there, nothing may be
 * fetched, and hostile model text must show as text.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/core/export/html';
import { exportInput, modelFindings } from '../../src/core/export/pipeline';
import { fixtureFindings, fixtureModel, HOSTILE } from '../golden/exports/fixtures';
import { launchChromium } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens the HTML with scripts disabled; every request other than the page itself is recorded and refused. */
async function open(html: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  const page = await context.newPage();
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === 'http://report.test/') return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    requests.push(url);
    return route.abort();
  });
  await page.goto('http://report.test/');
  return { page, requests };
}

describe('HTML report in Chromium (scripts disabled)', () => {
  it('shows the summary, the diagram, every finding and the framework coverage of the bundled example', async () => {
    const file = 'examples/support-assistant.threatmodel.yaml';
    const result = modelFindings(readFileSync(file), file);
    expect(result.model).toBeDefined();
    const { page, requests } = await open(await htmlReport(exportInput({ ...result, model: result.model! }, file)));
    expect(await page.title()).toContain('Support Assistant');
    expect(await page.locator('#summary .card').first().innerText()).toMatch(/\d+\s*open/);

    const svg = page.locator('#diagram svg');
    const box = await svg.boundingBox();
    expect(box!.width).toBeGreaterThan(200);
    expect(box!.height).toBeGreaterThan(50);
    expect(await page.locator('#diagram svg g.tm-node').count()).toBe(result.model!.components.size);

    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(result.findings.length);
    for (const f of result.findings) await expect(page.locator('#findings').getByText(f.id, { exact: true }).isVisible()).resolves.toBe(true);
    expect(await page.locator('#coverage h3').allInnerTexts()).toContain('OWASP LLM Top 10');
    expect(requests).toEqual([]);
  });

  it('renders hostile model text as text: no script, image or extra element; the only links are framework pages', async () => {
    const { page, requests } = await open(await htmlReport({ model: fixtureModel(), findings: fixtureFindings() }));
    expect(await page.locator('script, iframe, img, link, object, embed').count()).toBe(0);
    // Links come only from the catalog's framework ids (their pages), never from model text.
    const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/(genai\.owasp\.org|atlas\.mitre\.org|cwe\.mitre\.org|github\.com\/cosai-oasis)\//);
    const name = HOSTILE.replace(/\u0007/, '').replace(/\s+/g, ' ').trim();
    const cell = await page.locator('#findings tbody tr').first().innerText();
    expect(cell.replace(/\s+/g, ' ')).toContain(name.slice(0, 60));
    expect(await page.locator('h1').innerText()).toBe('Threat model report: Support <assistant>');
    expect(requests).toEqual([]);
  });
});
