"""The naive openpyxl script the benchmark compares plan-sync with: the same work as
bench/naive-exceljs.js (RAG fill and font colour, one fill per month of each task's span, a month
header), with Debian's python3-openpyxl.

    /usr/bin/python3 bench/naive_openpyxl.py IN.xlsx OUT.xlsx COLOURS.json \
        [SHEET HEADER_ROW START END RAG]

COLOURS.json: {label: [fill, text, bar]} for each RAG status (written by the benchmark from
core/rag.ts, so both naive scripts use the same colours). The layout defaults to the template's:
sheet Plan, header on row 1, columns Start, End and RAG.
"""
import datetime as dt
import json
import sys

from openpyxl import load_workbook
from openpyxl.styles import Font, PatternFill


def main(src, out, colours_file, sheet='Plan', header_row='1', start_name='Start',
         end_name='End', rag_name='RAG'):
    with open(colours_file, encoding='utf-8') as f:
        colours = json.load(f)
    wb = load_workbook(src)
    ws = wb[sheet]
    header_row = int(header_row)
    named = {str(c.value): c.column for c in ws[header_row] if c.value is not None}
    col = {'Start': named[start_name], 'End': named[end_name], 'RAG': named[rag_name]}
    rows = []
    first, last = None, None
    for r in range(header_row + 1, ws.max_row + 1):
        start = ws.cell(row=r, column=col['Start']).value
        end = ws.cell(row=r, column=col['End']).value
        if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
            continue
        a = start.year * 12 + start.month - 1
        b = end.year * 12 + end.month - 1
        rows.append((r, a, b))
        first = a if first is None else min(first, a)
        last = b if last is None else max(last, b)
    left = ws.max_column + 2
    bold = Font(bold=True)
    for k in range(last - first + 1):
        month = first + k
        cell = ws.cell(row=header_row, column=left + k,
                       value=dt.datetime(month // 12, month % 12 + 1, 1))
        cell.number_format = 'mmm-yy'
        cell.font = bold
    fills = {}

    def fill(colour):
        if colour not in fills:
            fills[colour] = PatternFill('solid', fgColor='FF' + colour)
        return fills[colour]

    for r, a, b in rows:
        rag = ws.cell(row=r, column=col['RAG'])
        c = colours.get(str(rag.value))
        if c:
            rag.fill = fill(c[0])
            rag.font = Font(color='FF' + c[1])
        bar = c[2] if c else '505A5F'
        for month in range(a, b + 1):
            ws.cell(row=r, column=left + month - first).fill = fill(bar)
    wb.save(out)


if __name__ == '__main__':
    main(*sys.argv[1:9])
