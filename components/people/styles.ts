/** The people pages' controls, in the studio's look (slate, rounded-md); full class names so Tailwind sees them. */
export const INPUT = "w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
export const BUTTON = "rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 disabled:text-slate-400";
export const PRIMARY = "rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white disabled:bg-slate-400";
export const CARD = "space-y-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm";
