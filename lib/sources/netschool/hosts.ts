import { regionalHost as host } from '../regional-host';
import type { DiaryHost } from '../types';

/**
 * Regional installs of «Сетевой город», each enabled by the user at run time (never asked for at
 * install): the hosts the references name (regions-findings.md §1, issue 14). Time zones are the
 * regions' own. Any other install is found by its pages' markers when the user opens the popup
 * there (system.ts `markers`).
 */

export const NETSCHOOL_HOSTS: readonly DiaryHost[] = [
  host('sgo.rso23.ru', 'Краснодарский край', 'Krasnodar Krai', 'Europe/Moscow'),
  host('sgo1.edu71.ru', 'Тульская область', 'Tula Region', 'Europe/Moscow'),
  host('sgo.volganet.ru', 'Волгоградская область', 'Volgograd Region', 'Europe/Volgograd'),
  host('e-school.obr.lenreg.ru', 'Ленинградская область', 'Leningrad Region', 'Europe/Moscow'),
  host('giseo.rkomi.ru', 'Республика Коми', 'Komi Republic', 'Europe/Moscow'),
  host('netschool.edu22.info', 'Алтайский край', 'Altai Krai', 'Asia/Barnaul'),
  host('region.obramur.ru', 'Амурская область', 'Amur Region', 'Asia/Yakutsk'),
  // АСУ РСО, Samara's build of it (the recorded login answer in real-samples/sgo is from there).
  host('asurso.ru', 'Самарская область', 'Samara Region', 'Europe/Samara'),
];
