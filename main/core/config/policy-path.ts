import { join } from 'node:path';

/**
 * Where IT puts the policy file on each OS: a machine-wide folder agents cannot write to.
 * - Windows: %ProgramData%\WaContinuityKiosk\policy.json
 * - macOS:   /Library/Application Support/WaContinuityKiosk/policy.json
 * - Linux:   /etc/wa-continuity-kiosk/policy.json
 */
export function policyFilePath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  switch (platform) {
    case 'win32':
      return join(env['ProgramData'] ?? 'C:\\ProgramData', 'WaContinuityKiosk', 'policy.json');
    case 'darwin':
      return '/Library/Application Support/WaContinuityKiosk/policy.json';
    default:
      return '/etc/wa-continuity-kiosk/policy.json';
  }
}
