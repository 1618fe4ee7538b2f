import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContactImportReport, ImportPreview } from '../../main/core/ipc/contacts-wire.ts';
import { IMPORT_MAX_BYTES } from '../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { toBase64 } from './base64.ts';
import { mappingFromRoles, rolesFromMapping, type ColumnRole } from './column-roles.ts';
import { translateImportMessage } from './import-message.ts';
import type { ContactsRoom } from './useContactsRoom.ts';

/** A file chosen for import, read and previewed, waiting for the agent to check its columns. */
export interface PendingImport {
  fileName: string;
  dataBase64: string;
  preview: ImportPreview;
  detected: ColumnRole[];
  roles: ColumnRole[];
}

export interface CrmImport {
  pending: PendingImport | null;
  report: ContactImportReport | null;
  /** The agent chose a file: it is previewed, then waits for their check. */
  choose: (file: File) => void;
  setRoles: (roles: ColumnRole[]) => void;
  confirm: () => void;
  cancel: () => void;
}

/** A CRM import as the agent goes through it: choose a file, check its columns, import, read the report. */
export function useCrmImport(kiosk: KioskApi | null, room: ContactsRoom): CrmImport {
  const { t } = useTranslation();
  const [pending, setPending] = useState<PendingImport | null>(null);
  const [report, setReport] = useState<ContactImportReport | null>(null);

  const choose = (file: File) => {
    if (!kiosk) return;
    if (file.size > IMPORT_MAX_BYTES) {
      room.showError(t('contacts.tooBig', { name: file.name }));
      return;
    }
    room.run('import', async () => {
      setReport(null);
      const dataBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
      const preview = await kiosk.invoke('contacts:preview', { fileName: file.name, dataBase64 });
      if ('refused' in preview) throw new Error(translateImportMessage(t, preview.refused));
      const detected = preview.csv ? rolesFromMapping(preview.csv.headers, preview.csv.mapping) : [];
      setPending({ fileName: file.name, dataBase64, preview, detected, roles: detected });
      return null;
    });
  };

  const confirm = () => {
    if (!kiosk || !pending) return;
    room.run('import', async () => {
      const headers = pending.preview.csv?.headers ?? [];
      // The layout's own reading is richer than a mapping (e.g. Google's name alternatives): only
      // an agent's change of the columns turns into an explicit mapping.
      const changed = pending.roles.some((role, i) => role !== pending.detected[i]);
      const mapping = changed ? { mapping: mappingFromRoles(headers, pending.roles) } : {};
      const { fileName, dataBase64, preview } = pending;
      const result = await kiosk.invoke('contacts:import', { fileName, dataBase64, format: preview.format, ...mapping });
      // Refused: the check stays open, the agent may choose other columns and try again.
      if ('refused' in result) throw new Error(translateImportMessage(t, result.refused));
      setReport(result);
      setPending(null);
      return null;
    });
  };

  return {
    pending,
    report,
    choose,
    setRoles: (roles) => setPending((current) => (current ? { ...current, roles } : current)),
    confirm,
    cancel: () => setPending(null),
  };
}
