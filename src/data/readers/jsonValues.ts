// Typed access to parsed JSON that says where a value is wrong. Hand-written rather than a schema library:
// a large dataset has millions of points, and these checks reuse the parsed arrays instead of copying them.
import type { Point, Tag } from '../model';
import { InvalidData } from './invalidData';

export type JsonObject = Readonly<Record<string, unknown>>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function expected(what: string, value: unknown, where: string): InvalidData {
  return new InvalidData(`expected ${what}, found ${describe(value)}`, { where });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, where: string): JsonObject {
  if (!isObject(value)) throw expected('an object', value, where);
  return value;
}

export function arrayAt(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) throw expected('an array', value, where);
  return value;
}

/** An array, or an empty one when the key is absent. */
export function optionalArrayAt(value: unknown, where: string): readonly unknown[] {
  return value === undefined ? [] : arrayAt(value, where);
}

export function numberAt(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw expected('a number', value, where);
  return value;
}

export function integerAt(value: unknown, where: string): number {
  if (!Number.isInteger(value)) throw expected('a whole number', value, where);
  return value as number;
}

export function positiveIntegerAt(value: unknown, where: string): number {
  const integer = integerAt(value, where);
  if (integer <= 0) throw expected('a positive whole number', value, where);
  return integer;
}

export function stringAt(value: unknown, where: string): string {
  if (typeof value !== 'string') throw expected('a string', value, where);
  return value;
}

function isPoint(value: unknown): value is Point {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    Number.isFinite(value[0]) &&
    typeof value[1] === 'number' &&
    Number.isFinite(value[1])
  );
}

export function pointAt(value: unknown, where: string): Point {
  if (!isPoint(value)) throw expected('a point [x, y]', value, where);
  return value;
}

/** A list of [x, y] points with at least `minimum` of them; the parsed arrays are returned as they are. */
export function pointsAt(value: unknown, where: string, minimum: number): readonly Point[] {
  const list = arrayAt(value, where);
  for (let index = 0; index < list.length; index++) {
    if (!isPoint(list[index])) throw expected('a point [x, y]', list[index], `${where}[${index}]`);
  }
  if (list.length < minimum) {
    throw new InvalidData(`expected at least ${minimum} points, found ${list.length}`, { where });
  }
  return list as readonly Point[];
}

/** Supervisely's `[{name, value}]`; a value of null (a tag of value_type none) becomes no value. */
export function tagsAt(value: unknown, where: string): readonly Tag[] {
  const list = optionalArrayAt(value, where);
  if (list.length === 0) return [];
  return list.map((entry, index) => {
    const tagWhere = `${where}[${index}]`;
    const tag = objectAt(entry, tagWhere);
    const name = stringAt(tag.name, `${tagWhere}.name`);
    const tagValue = tag.value;
    if (tagValue === undefined || tagValue === null) return { name };
    if (typeof tagValue === 'string' || (typeof tagValue === 'number' && Number.isFinite(tagValue))) {
      return { name, value: tagValue };
    }
    throw expected('a string, a number or null', tagValue, `${tagWhere}.value`);
  });
}
