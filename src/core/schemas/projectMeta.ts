import { z } from 'zod';
import { SHAPE_VALUES, TAG_VALUE_TYPE_VALUES } from '../names';

// A Supervisely project's meta.json. A trained model's model_meta.json is the same format, reduced to
// the classes it was trained on. Supervisely writes more keys than these, so the objects are loose.

export const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

export const ClassMeta = z.looseObject({
  title: z.string().min(1).describe('The class name.'),
  shape: z.enum(SHAPE_VALUES).describe('The geometry of the class’s objects.'),
  color: z.string().regex(HEX_COLOR, { message: 'A colour is written #RRGGBB.' }).describe('Display colour.'),
  geometry_config: z.record(z.string(), z.unknown()).optional(),
  id: z.number().optional(),
  hotkey: z.string().optional(),
  description: z.string().optional(),
});
export type ClassMeta = z.infer<typeof ClassMeta>;

export const TagMeta = z.looseObject({
  name: z.string().min(1),
  value_type: z.enum(TAG_VALUE_TYPE_VALUES),
  color: z.string().regex(HEX_COLOR, { message: 'A colour is written #RRGGBB.' }).optional(),
  values: z.array(z.string()).optional(),
  applicable_type: z.string().optional(),
  classes: z.array(z.string()).optional(),
});
export type TagMeta = z.infer<typeof TagMeta>;

export const ProjectMeta = z
  .looseObject({
    classes: z.array(ClassMeta).default([]),
    tags: z.array(TagMeta).default([]),
    projectType: z.string().optional(),
  })
  .describe('Classes and tags of a project.');
export type ProjectMeta = z.infer<typeof ProjectMeta>;
