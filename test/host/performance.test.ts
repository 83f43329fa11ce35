/**
 * Typing into generated models of 100 and 1,000 components in the real extension host. Prints the figures
 * (engine time per keystroke, last keystroke → diagnostics, the extension host's event-loop delay while typing)
 * and asserts only behaviour: the diagnostics end up describing the final text. Speed is never asserted.
 */
import * as assert from 'assert';
import { monitorEventLoopDelay, performance as perf } from 'perf_hooks';
import * as vscode from 'vscode';
import { generateModel } from '../../scripts/lib/generate-model';
import { api, waitFor, waitForDiagnostics, writeModel } from './helpers';

/**
 * How busy the extension host's thread was: the share of time it ran code (event-loop utilisation, which
 * machine load does not inflate) and the worst delay of its event loop (which it does).
 */
function loopMonitor(): { stop(): { busyShare: number; busyMs: number; maxDelayMs: number; p99DelayMs: number } } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const elu = perf.eventLoopUtilization();
  return {
    stop: () => {
      h.disable();
      const u = perf.eventLoopUtilization(elu);
      return { busyShare: u.utilization, busyMs: u.active, maxDelayMs: h.max / 1e6, p99DelayMs: h.percentile(99) / 1e6 };
    },
  };
}

async function typeInto(editor: vscode.TextEditor, count: number, gapMs: number): Promise<void> {
  const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('  name: '));
  for (let i = 0; i < count; i++) {
    const end = editor.document.lineAt(line).range.end;
    await editor.edit((b) => b.insert(end, 'x'), { undoStopBefore: false, undoStopAfter: false });
    if (i < count - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
}

suite('performance (figures are printed, not asserted)', () => {
  for (const [size, keystrokes, gap] of [[100, 8, 60], [1000, 8, 60]] as const) {
    test(`typing into a ${size}-component model`, async () => {
      const editor = await writeModel(`perf-${size}.threatmodel.yaml`, generateModel(size));
      const doc = editor.document;
      const a = await api();
      await waitForDiagnostics(doc.uri, (d) => d.length > 0, 'first analysis', 30000);
      // Opening the model to its first diagnostics, timed by the extension (from the open event to publishing):
      // with the activation time, the cold path of "activation to first diagnostics".
      const open = await waitFor('the first analysis after opening, timed', vscode.languages.onDidChangeDiagnostics,
        () => a.latencies().find((l) => l.uri === doc.uri.toString() && l.trigger === 'open'), 30000);
      console.log(`[host]   ${size} components: opened → first diagnostics ${open.editToDiagnosticsMs.toFixed(0)} ms (engine ${open.engineMs.toFixed(0)} ms); ` +
        `activation ${a.activationMs.toFixed(0)} ms; together ${(open.editToDiagnosticsMs + a.activationMs).toFixed(0)} ms`);
      await a.analysisOf(doc.uri);
      const monitor = loopMonitor();
      const before = a.engineStats();
      await typeInto(editor, keystrokes, gap);
      // Wait, without forcing a run, for the diagnostics of the final text (the debounce must show in the figure).
      const sample = await waitFor('diagnostics of the final text', vscode.languages.onDidChangeDiagnostics,
        () => a.latencies().find((l) => l.uri === doc.uri.toString() && l.version === doc.version && l.trigger === 'edit'), 60000);
      const analysis = await a.analysisOf(doc.uri);
      const after = a.engineStats();
      const loop = monitor.stop();
      assert.ok(analysis, 'analysed');
      assert.deepStrictEqual(analysis.problems.filter((p) => p.severity === 'error'), []);
      console.log(`[host]   ${size} components: engine ${sample.engineMs.toFixed(1)} ms to diagnostics (+${sample.indexMs.toFixed(1)} ms index); ` +
        `last keystroke → diagnostics ${sample.editToDiagnosticsMs.toFixed(0)} ms (200 ms debounce included); extension host busy ` +
        `${(loop.busyShare * 100).toFixed(0)}% of the time (${loop.busyMs.toFixed(0)} ms), event-loop delay p99 ${loop.p99DelayMs.toFixed(0)} ms, ` +
        `max ${loop.maxDelayMs.toFixed(0)} ms; analyses ${after.started - before.started} started / ` +
        `${after.superseded - before.superseded} superseded / ${after.abandoned - before.abandoned} abandoned`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }).timeout(120000);
  }
});
