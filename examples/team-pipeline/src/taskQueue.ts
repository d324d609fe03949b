/** The team's own task queue: Reelflow's worker polls its own ("reelflow"), never this one. */
export const TEAM_TASK_QUEUE = 'team-pipeline';
