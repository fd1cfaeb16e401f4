import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. No tailwind-merge here: a caller's class adds to a primitive's, so
 * override spacing or color by variant or by wrapping, not by passing a conflicting class.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
