import fs from 'node:fs';
import { type SettingName, settings } from './settings';

/** The variable naming the file that holds a secret setting. */
export const fileVariable = (name: SettingName) => `${name}_FILE`;

export const secretSettings = (Object.keys(settings) as SettingName[]).filter((name) => 'secret' in settings[name]);

/**
 * The environment with every secret given as `NAME_FILE` read from its file (one trailing newline
 * dropped, as `echo` and editors leave one), and the problems met: both `NAME` and `NAME_FILE` set,
 * or a file that cannot be read. Messages name the variable and the path, never the value.
 */
export function readSecretFiles(env: Record<string, string | undefined>): {
  env: Record<string, string | undefined>;
  problems: string[];
} {
  const resolved = { ...env };
  const problems: string[] = [];
  for (const name of secretSettings) {
    const file = env[fileVariable(name)];
    if (!file) continue;
    if (env[name]) {
      problems.push(`${name}: set either ${name} or ${fileVariable(name)}, not both`);
      continue;
    }
    try {
      resolved[name] = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`${fileVariable(name)}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { env: resolved, problems };
}
