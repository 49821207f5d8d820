"""
Querysets compiled to SQL once per process.

Turning a queryset into SQL (resolving lookups, joins for ``select_related``,
the select list) costs more than running a small indexed query, and a page
that makes the same query on every request pays it every time. A
``PrecompiledQuery`` builds its queryset once, with marker values in place of
the arguments, keeps the compiler (its SQL, select list and converters), and
per call only binds the arguments, runs the SQL and turns the rows into model
instances (``select_related`` included) or tuples, exactly as the queryset
would: same SQL, same converters, same populators.

Only for querysets whose SQL depends on nothing but the arguments (no
``timezone.now()``, no per-request ``Q`` shape), and only for plain values as
arguments (each must reach the SQL as one parameter).
"""

from __future__ import annotations

import threading

from django.db import connections
from django.db.models.query import ModelIterable, get_related_populators


class PrecompiledQuery:
    """
    ``build(*markers)`` returns the queryset; ``objects(*args)`` / ``rows(*args)``
    run it. ``markers`` are values no real argument takes, of the arguments'
    types (the lookups convert them), one per argument of ``build``.
    """

    def __init__(self, build, *, markers, using="default"):
        self.build = build
        self.markers = tuple(markers)
        self.using = using
        self._compiled = None
        self._lock = threading.Lock()

    def _compile(self):
        markers = self.markers
        queryset = self.build(*markers)
        compiler = queryset.query.get_compiler(using=self.using)
        sql, params = compiler.as_sql()
        positions = []
        for marker in markers:
            found = [index for index, value in enumerate(params) if value == marker]
            if len(found) != 1:
                raise ValueError(f"Argument {marker!r} must reach the SQL as exactly one parameter.")
            positions.append(found[0])
        model_rows = issubclass(queryset._iterable_class, ModelIterable)
        # What ``compiler.results_iter`` would work out again on every call.
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        return compiler, sql, tuple(params), positions, model_rows, converters

    def compiled(self):
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = self._compile()
        return self._compiled

    def _results(self, args):
        compiler, sql, params, positions, _model_rows, converters = self.compiled()
        params = list(params)
        for position, value in zip(positions, args):
            params[position] = value
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return list(compiler.apply_converters(rows, converters)) if converters else rows

    def rows(self, *args):
        """The result rows as tuples, converted as the queryset would (``values_list`` querysets)."""
        return [tuple(row) for row in self._results(args)]

    def objects(self, *args):
        """Model instances with their ``select_related`` objects, as the queryset would give."""
        compiler, _sql, _params, _positions, model_rows, _converters = self.compiled()
        if not model_rows:
            raise TypeError("objects() needs a queryset of model instances; use rows().")
        select, klass_info = compiler.select, compiler.klass_info
        model = klass_info["model"]
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, self.using)
        instances = []
        for row in self._results(args):
            instance = model.from_db(self.using, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            instances.append(instance)
        return instances
