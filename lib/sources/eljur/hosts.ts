import { regionalHost as host } from '../regional-host';
import type { DiaryHost } from '../types';

/**
 * ЭлЖур's regional brands on the same engine (diary-systems.md §3, regions-findings.md §2), each
 * enabled by the user at run time. A school's own `<vendor>.eljur.ru` is not listed (there are
 * thousands): it is found by its pages' `sentryData` when the user opens the popup there
 * (system.ts `markers`). Time zones are the regions' own.
 */

export const ELJUR_HOSTS: readonly DiaryHost[] = [
  host('edu.gounn.ru', 'Нижегородская область', 'Nizhny Novgorod Region', 'Europe/Moscow'),
  host('edu.rk.gov.ru', 'Республика Крым', 'Republic of Crimea', 'Europe/Simferopol'),
  host('riso.sev.gov.ru', 'Севастополь', 'Sevastopol', 'Europe/Simferopol'),
  host('eschool.gov45.ru', 'Курганская область', 'Kurgan Region', 'Asia/Yekaterinburg'),
  host('cop.admhmao.ru', 'Ханты-Мансийский АО', 'Khanty-Mansi AO', 'Asia/Yekaterinburg'),
  host('keo.gov39.ru', 'Калининградская область', 'Kaliningrad Region', 'Europe/Kaliningrad'),
];
