/** `<tabel-average>`: import this module to register the element (guarded). */
import { define } from '../internal/define';
import { TabelAverage } from './average.component';

define('tabel-average', TabelAverage);

export { TabelAverage };
export default TabelAverage;
