import { escapeHtml, note } from '../html';
import type { ReportSection } from './section';

// The images the model did worst on, drawn with its prediction and the truth (dashed boxes, or the true
// class in the banner), each with what went wrong. Embedded as data: URIs, so the page needs no other file.

export const gallerySection: ReportSection = {
  id: 'worst',
  title: 'Worst predictions',
  body: (data) => {
    const { gallery } = data;
    if (gallery === undefined) {
      return note(
        'No gallery: evaluation/worst_predictions.json is missing or could not be read. Evaluate again to draw it.',
      );
    }
    if (gallery.items.length === 0) return note('No image could be judged.');
    const figures = gallery.items.map((item, rank) => {
      const picture =
        item.image === undefined
          ? '<div class="missing">image missing</div>'
          : `<img src="${escapeHtml(item.image)}" alt="${escapeHtml(`${item.ref} with its prediction drawn over it: ${item.note}`)}">`;
      return `<figure>${picture}<figcaption><strong>${escapeHtml(`${String(rank + 1)}. ${item.ref}`)}</strong><br>${escapeHtml(item.note)} <span class="score">(score ${item.score.toFixed(3)})</span></figcaption></figure>`;
    });
    return `<p>Ranked by the ${escapeHtml(gallery.criterion)}, lowest first.</p><div class="gallery">${figures.join('')}</div>`;
  },
};
