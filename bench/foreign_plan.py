"""A plan as another tool writes it, for `npm run bench`: made with Debian's python3-openpyxl, so
the sheet is in openpyxl's dialect (inline strings, `t="n"` on numbers, its own styles part), and
laid out the way a team's own workbook often is, unlike the template's:

- the sheet is called "Transition plan" and a "Notes" sheet comes after it;
- two title rows and a blank row above the header, which is on row 4;
- columns in their own order and words: Task, Ref, Owner, Workstream, Status, Finish, Start,
  Depends on, % complete; dates are dd/mm/yyyy;
- tasks spread over three years of months from April 2024, a third of them depending on the
  task before them in their workstream.

    /usr/bin/python3 bench/foreign_plan.py TASKS OUT.xlsx

The same TASKS always give the same parts (a fixed seed and fixed document times); only the zip's
timestamps differ.
"""
import datetime as dt
import random
import sys

from openpyxl import Workbook

STATUSES = ['Red', 'Amber/Red', 'Amber', 'Amber/Green', 'Green', 'Complete', 'Not started']
WORKSTREAMS = 8
FIRST_DAY = dt.datetime(2024, 4, 1)
# Starts within the first 30 months and spans of up to 8 months: three years of months in all.
START_DAYS = 900
SPAN_DAYS = 240


def main(tasks, out):
    rng = random.Random(20240401)
    wb = Workbook()
    ws = wb.active
    ws.title = 'Transition plan'
    ws.append(['Shared Services Transition Programme'])
    ws.append(['Plan owner: PMO', None, None, 'Last updated: 01/10/2025'])
    ws.append([])
    ws.append(['Task', 'Ref', 'Owner', 'Workstream', 'Status', 'Finish', 'Start', 'Depends on',
               '% complete'])
    for i in range(tasks):
        stream = i % WORKSTREAMS + 1
        number = i // WORKSTREAMS + 1
        start = FIRST_DAY + dt.timedelta(days=rng.randint(0, START_DAYS))
        end = start + dt.timedelta(days=rng.randint(0, SPAN_DAYS))
        depends = f'{stream}.{number - 1}' if number > 1 and rng.random() < 0.3 else None
        ws.append([f'Task {i + 1} of workstream {stream}', f'{stream}.{number}', f'Lead {i % 37}',
                   f'Workstream {stream}', rng.choice(STATUSES), end, start, depends,
                   round(rng.random(), 2)])
        row = 5 + i  # not ws.max_row, which looks at every cell
        ws.cell(row=row, column=6).number_format = 'dd/mm/yyyy'
        ws.cell(row=row, column=7).number_format = 'dd/mm/yyyy'
    notes = wb.create_sheet('Notes')
    notes.append(['Statuses are agreed at the monthly board.'])
    # Fixed document times, so the same TASKS give the same parts.
    wb.properties.created = wb.properties.modified = dt.datetime(2025, 10, 1)
    wb.save(out)


if __name__ == '__main__':
    main(int(sys.argv[1]), sys.argv[2])
