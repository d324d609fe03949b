import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Operators filter on these in the Temporal UI, e.g. `ReelflowPhase = "failed"` (docs/architecture.md#search-attributes, a contract). */
export const ReelflowProvider = defineSearchAttributeKey('ReelflowProvider', SearchAttributeType.KEYWORD);
export const ReelflowKind = defineSearchAttributeKey('ReelflowKind', SearchAttributeType.KEYWORD);
export const ReelflowState = defineSearchAttributeKey('ReelflowState', SearchAttributeType.KEYWORD);
export const ReelflowPhase = defineSearchAttributeKey('ReelflowPhase', SearchAttributeType.KEYWORD);
export const ReelflowAccount = defineSearchAttributeKey('ReelflowAccount', SearchAttributeType.KEYWORD);

export const reelflowSearchAttributes = [ReelflowProvider, ReelflowKind, ReelflowState, ReelflowPhase, ReelflowAccount];
