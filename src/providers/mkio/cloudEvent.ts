import { z } from 'zod';

/**
 * The CloudEvents 1.0 envelope MK.IO posts. Strict on what we rely on (id, type, source),
 * lenient on the rest: `data.resource` is the full resource exactly as a GET returns it.
 */
const JobOutput = z
  .object({
    assetName: z.string().optional(),
    label: z.string().optional(),
    state: z.string().optional(),
    progress: z.number().optional(),
    error: z.object({ code: z.string().optional(), message: z.string().optional() }).loose().nullish(),
  })
  .loose();

export const MkioResource = z
  .object({
    name: z.string().optional(),
    id: z.string().optional(),
    properties: z
      .object({
        state: z.string().optional(),
        /** A Media API live event's state. */
        resourceState: z.string().optional(),
        outputs: z.array(JobOutput).optional(),
      })
      .loose()
      .optional(),
    /** Live API resources and scheduled operations name themselves here. */
    metadata: z.object({ name: z.string().optional() }).loose().optional(),
    /** The Live API's reported state (`status.state`, possibly ""), for live resources and scheduled operations. */
    status: z.object({ state: z.string().optional() }).loose().optional(),
  })
  .loose();
export type MkioResource = z.infer<typeof MkioResource>;

export const MkioCloudEvent = z.object({
  specversion: z.string().refine((v) => v.startsWith('1.'), 'CloudEvents spec version 1.x expected'),
  id: z.string().min(1),
  type: z.string().min(1),
  source: z.string().min(1),
  time: z.iso.datetime({ offset: true }).optional(),
  datacontenttype: z.string().optional(),
  data: z
    .object({
      projectName: z.string().optional(),
      previousState: z.string().optional(),
      state: z.string().optional(),
      resource: MkioResource.optional(),
    })
    .loose()
    .optional(),
});
export type MkioCloudEvent = z.infer<typeof MkioCloudEvent>;
