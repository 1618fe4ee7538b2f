import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';

export interface Action {
  busy: boolean;
  /** What went wrong, in the reader's language, with the hub's own words as detail. */
  problem: { message: string; detail: string } | null;
  run(work: () => Promise<unknown>, then?: () => void): void;
}

/** One change a screen makes: busy while it runs, the problem if the hub refused it. */
export function useAction(): Action {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Action['problem']>(null);
  return {
    busy,
    problem,
    run(work, then) {
      setBusy(true);
      setProblem(null);
      work().then(
        () => {
          setBusy(false);
          then?.();
        },
        (error: unknown) => {
          setBusy(false);
          const status = error instanceof ApiError ? error.status : 0;
          const key = ({ 400: 'invalid', 401: 'signedOut', 403: 'forbidden', 404: 'notFound', 409: 'conflict', 429: 'tooMany' } as const)[
            status as 400
          ];
          setProblem({ message: t(`errors.${key ?? 'failed'}`), detail: error instanceof Error ? error.message : String(error) });
        },
      );
    },
  };
}

/** Shows an action's problem, if any. */
export function Problem({ action }: { action: Action }) {
  if (!action.problem) return null;
  return (
    <p role="alert" className="problem">
      {action.problem.message} <small>{action.problem.detail}</small>
    </p>
  );
}
