// The growth lines of docs/performance.md. Ours and the floor both have a fixed start-up (node's,
// the bundle's loading), which weighs more in a small run: a ratio can grow from one size to
// the next while what each further unit costs stays the same. The marginal costs between two
// sizes tell linear from super-linear.

/** Markdown: the ratios, and the marginal cost per `per` units between each two sizes. */
export function growthText(unit, per, points) {
  const steps = points.slice(1).map((p, i) => {
    const q = points[i];
    const ours = ((p.ours - q.ours) / (p.n - q.n)) * per;
    const floor = ((p.floor - q.floor) / (p.n - q.n)) * per;
    return { from: q.n, to: p.n, ours, floor };
  });
  const first = steps[0];
  const last = steps.at(-1);
  const fmt = (n) => n.toLocaleString('en-US');
  const change = (x, more, less) =>
    `${Math.abs((x - 1) * 100).toFixed(0)} % ${x >= 1 ? more : less}`;
  return `Ratio at ${points.map((p) => `${fmt(p.n)} ${unit.split(' ')[0]}`).join(' / ')}: ${points.map((p) => `${p.ratio.toFixed(2)}×`).join(' / ')} (${change(points.at(-1).ratio / points[1].ratio, 'up', 'down')} from the second size to the last).
Each further ${fmt(per)} ${unit}: ${steps.map((st) => `${fmt(st.from)} → ${fmt(st.to)}: ours ${st.ours.toFixed(1)} ms, floor ${st.floor.toFixed(1)} ms (${(st.ours / st.floor).toFixed(2)}×)`).join('; ')}. In the last step ours costs ${change(last.ours / first.ours, 'more', 'less')} per unit than in the first (the floor ${change(last.floor / first.floor, 'more', 'less')}).`;
}
