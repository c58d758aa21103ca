import { Select } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usersApi } from '../api/users.ts';
import { qk } from '../api/keys.ts';
import type { MeResponse } from '../api/types.ts';
import { LANGUAGE_NAMES, LOCALES, currentLocale, setLocale, type Locale } from '../i18n/index.ts';

/**
 * The language menu in the header (and on the sign-in page). The choice applies at once, is kept in this browser,
 * and — when signed in — on the user (PATCH /users/{self}), so every browser they use starts in it.
 */
export function LanguageSwitcher({ me }: { me?: MeResponse }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const choose = (v: string | null) => {
    if (!v || !(LOCALES as readonly string[]).includes(v)) return;
    const l = v as Locale;
    setLocale(l);
    if (me && me.user.locale !== l) {
      void usersApi.update(me.user.id, { locale: l }).then(
        () => void qc.invalidateQueries({ queryKey: qk.me }),
        () => undefined, // the choice still holds in this browser
      );
    }
  };
  return (
    <Select
      size="xs"
      w={130}
      aria-label={t('app.language')}
      data={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      value={currentLocale()}
      onChange={choose}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      data-testid="language-switcher"
    />
  );
}
