/** Path parameters shared by the admin routes, described for the OpenAPI document. */
import { z } from '@hono/zod-openapi';

export const SiteIdParam = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/)
  .openapi({ param: { name: 'siteId', in: 'path' }, example: 'shop' });

export const SubjectIdParam = z.uuid().openapi({ param: { name: 'subjectId', in: 'path' } });
