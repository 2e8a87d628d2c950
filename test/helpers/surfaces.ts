import { elsewhereLinks, markdownOptions, SUMMARY_MAX_BYTES } from '../../src/action/main.js';
import type { GateReport } from '../../src/engine/types.js';
import { COMMENT_MAX_LENGTH } from '../../src/github/comment.js';
import type { MergedReport } from '../../src/merge/types.js';
import { renderMarkdown, type MarkdownOptions } from '../../src/render/markdown.js';
import { renderMergedMarkdown } from '../../src/render/merged.js';

/** The run the surfaces are rendered for (a fixed commit, so goldens are stable). */
export const RUN = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/infra',
  GITHUB_RUN_ID: '4242',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
};
export const RUN_URL = 'https://github.com/acme/infra/actions/runs/4242';

/** The action's Markdown options for {@link RUN} (read from the environment, as the action does). */
function actionOptions() {
  const saved = Object.fromEntries(Object.keys(RUN).map((k) => [k, process.env[k]]));
  Object.assign(process.env, RUN);
  try {
    return markdownOptions({ number: 7, headSha: RUN.GITHUB_SHA });
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

/** The sticky comment and the job summary the action writes for `report`, with their limits. */
export const surfaces = (report: GateReport) =>
  surfacesOf((options) => renderMarkdown(report, options));

/** The same for a merged report (the action's `merge` and `accounts` modes). */
export const mergedSurfaces = (merged: MergedReport) =>
  surfacesOf((options) => renderMergedMarkdown(merged, options));

function surfacesOf(render: (options: MarkdownOptions) => string): {
  comment: string;
  summary: string;
} {
  const options = actionOptions();
  const links = elsewhereLinks(RUN_URL, 'iam-report.json');
  return {
    // as postComment asks for it (room kept for the marker)
    comment: render({
      ...options,
      maxLength: COMMENT_MAX_LENGTH - 200,
      elsewhere: 'the job summary and the JSON report',
      elsewhereLinks: links.comment,
    }),
    summary: render({
      ...options,
      maxLength: SUMMARY_MAX_BYTES - 1024,
      measure: Buffer.byteLength,
      elsewhereLinks: links.summary,
    }),
  };
}
