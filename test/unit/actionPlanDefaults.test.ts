import { actionPlanFor, ActionRule } from '../../src/config/actions';
import type { Kind } from '../../src/domain/phase';

const rules = (...raw: unknown[]) => raw.map((rule) => ActionRule.parse(rule));

/** What runs when no rule says otherwise: stalls and refused credentials always; a live thing's failure too. */
describe('default action plans', () => {
  it.each<[Kind, Record<string, string[]>]>([
    ['job', { stalled: ['alert'], 'needs-attention': ['alert'] }],
    ['scheduled-operation', { stalled: ['alert'], 'needs-attention': ['alert'] }],
    ['live', { stalled: ['alert'], 'needs-attention': ['alert'], failed: ['alert'] }],
    ['simulcast-target', { stalled: ['alert'], 'needs-attention': ['alert'], failed: ['alert'] }],
  ])('%s', (kind, plan) => {
    expect(actionPlanFor([], kind)).toEqual(plan);
  });

  it('a rule that sets `failed` for a live kind replaces the default alert', () => {
    expect(actionPlanFor(rules({ kind: 'live', phase: 'failed', run: ['page-oncall'] }), 'live').failed).toEqual(['page-oncall']);
  });

  it('rules for other phases or kinds keep the live failure alert', () => {
    const plan = actionPlanFor(rules({ kind: 'live', phase: 'live', run: ['notify'] }, { kind: 'job', phase: 'failed', run: ['page-oncall'] }), 'live');
    expect(plan).toEqual({ live: ['notify'], failed: ['alert'], stalled: ['alert'], 'needs-attention': ['alert'] });
  });
});
