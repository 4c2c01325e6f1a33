import fs from 'node:fs';
import path from 'node:path';
import { businessTypes } from '../applications/business-type';
import { type ApplicationState, actingTypes, issuingTypes, nextEvents, transitionFor, workflow } from './workflow';
import { workflowTable } from './workflow-table';

/** Every state reachable from `submitted` for a business type, following the table. */
function reachable(type: (typeof businessTypes)[number]): Set<ApplicationState> {
  const seen = new Set<ApplicationState>(['submitted']);
  const queue: ApplicationState[] = ['submitted'];
  while (queue.length) {
    const state = queue.shift() as ApplicationState;
    for (const t of nextEvents(type, state)) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

describe('the application workflow table', () => {
  it.each(businessTypes)('%s can reach completion, and rejection ends it', (type) => {
    expect(reachable(type).has('completed')).toBe(true);
    expect(nextEvents(type, 'rejected')).toEqual([]);
    expect(nextEvents(type, 'completed')).toEqual([]);
  });

  it('needs the supervising agency for new issuance only (RA-1)', () => {
    expect(transitionFor('new', 'submitted', 'enter')).toBeUndefined();
    expect(transitionFor('new', 'submitted', 'approve_by_agency')?.roles).toEqual(['AGENCY_APPROVER']);
    for (const type of businessTypes.filter((t) => t !== 'new')) {
      expect(transitionFor(type, 'submitted', 'approve_by_agency')).toBeUndefined();
      expect(transitionFor(type, 'submitted', 'enter')?.to).toBe('entered');
    }
  });

  it('gives entering and reviewing to different roles (RA-11)', () => {
    for (const t of workflow.filter((row) => row.event === 'approve' || row.event === 'reject')) {
      expect(t.roles).toEqual(['REVIEW_CLERK']);
    }
    for (const t of workflow.filter((row) => row.event === 'enter')) expect(t.roles).toEqual(['ENTRY_CLERK']);
  });

  it('issues a certificate for issuing types and acts on one for revocation, suspension, release and unlock (RA-4..RA-6)', () => {
    for (const type of issuingTypes) {
      expect(reachable(type).has('issued')).toBe(true);
      expect(reachable(type).has('executed')).toBe(false);
    }
    for (const type of actingTypes) {
      expect(reachable(type).has('executed')).toBe(true);
      expect(reachable(type).has('issued')).toBe(false);
    }
  });

  it('is the table the README shows', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    expect(readme).toContain(workflowTable());
  });
});
