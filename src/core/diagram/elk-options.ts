/**
 * ELK options shared by the editor's diagram (added to mermaid's graph in the webview's ELK worker) and the
 * HTML report (which runs ELK at export time), so both draw the same layered layout.
 *
 * With mermaid's defaults, ELK spends most of its time keeping the model's node and edge order
 * (`considerModelOrder: NODES_AND_EDGES`: 6.1 s for the collapsed 500-component model, 0.7 s without) and in
 * crossing minimisation (thoroughness 7, greedy switch over the whole hierarchy). Measured with
 * scripts/bench-diagram.mjs; see docs/diagram.md.
 */
export const ELK_TUNING: Readonly<Record<string, string | number | boolean>> = {
  'elk.layered.considerModelOrder.strategy': 'NONE',
  'elk.layered.thoroughness': 1,
  'elk.layered.crossingMinimization.greedySwitch.type': 'OFF',
  'elk.layered.crossingMinimization.greedySwitchHierarchical.type': 'OFF',
};
