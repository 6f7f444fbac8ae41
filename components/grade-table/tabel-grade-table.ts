/** `<tabel-grade-table>`: import this module to register the element (guarded). */
import { define } from '../internal/define';
import { TabelGradeTable } from './grade-table.component';

define('tabel-grade-table', TabelGradeTable);

export { TabelGradeTable };
export default TabelGradeTable;
