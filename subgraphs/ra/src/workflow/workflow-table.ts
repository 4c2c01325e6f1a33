import { workflow } from './workflow';

/** The workflow table as Markdown, for the README (a test keeps the two in step). */
export function workflowTable(): string {
  const rows = workflow.map(
    (t) => `| \`${t.from}\` | \`${t.event}\` | \`${t.to}\` | ${t.roles.join(', ')} | ${t.types.join(', ')} |`,
  );
  return ['| from | step | to | who | business types |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}
