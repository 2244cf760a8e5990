export const SCHEMA: string;
export const GENERATED: string;
export function generate(schema?: unknown): string;
